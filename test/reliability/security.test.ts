/**
 * Security, end to end on the real binary: it binds 127.0.0.1 unless told otherwise; the control plane can be
 * switched off and is never reachable through the API's Action dispatch. (Tampered, replayed, expired,
 * unknown-key and wrong-method requests are refused with their documented codes in the behaviour suite,
 * test/simulator/behaviour.test.ts, on every target.)
 */
import { once } from 'node:events';
import { request } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { listeningUrl, startCli } from '../support/cli.js';

const children: Array<ReturnType<typeof startCli>> = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});
const serve = (...args: string[]) => {
  const child = startCli(['serve', '--port', '0', ...args]);
  children.push(child);
  return listeningUrl(child);
};

it('binds 127.0.0.1 by default, and another address only with --host', async () => {
  expect(await serve()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(await serve('--host', '::1')).toMatch(/^http:\/\/\[::1\]:\d+$/);
});

it('with --no-control-plane, /_sim/ is not served: not even health, and the world cannot be read or replaced', async () => {
  const url = await serve('--no-control-plane');
  for (const [method, path] of [
    ['GET', 'health'],
    ['GET', 'world'],
    ['PUT', 'world'],
    ['POST', 'reset'],
    ['POST', 'pact-state'],
  ] as const) {
    const response = await fetch(`${url}/_sim/${path}`, { method, ...(method === 'GET' ? {} : { body: '{}' }) });
    const text = await response.text();
    expect(text, `${method} /_sim/${path}`).toContain('<Code>');
    expect(text).not.toContain('"status":"ok"');
  }
});

it('never reaches the control plane through Action', async () => {
  const url = await serve();
  for (const action of ['_sim/reset', '../_sim/world', 'Reset', 'PutWorld']) {
    const response = await fetch(`${url}/?Action=${encodeURIComponent(action)}&Version=2014-05-26&Format=JSON`);
    const body = (await response.json()) as { Code: string };
    expect(['InvalidAction.NotFound', 'MissingParameter']).toContain(body.Code);
  }
});

it('serve --allowed-host adds a name the control plane answers to; --control-token requires the token', async () => {
  const url = await serve('--allowed-host', 'sim.test', '--control-token', 'token-of-sixteen-chars');
  const port = new URL(url).port;
  const call = (host: string, token?: string) =>
    new Promise<number>((resolve, reject) => {
      const headers: Record<string, string> = {
        host,
        ...(token === undefined ? {} : { 'x-sim-control-token': token }),
      };
      request({ host: '127.0.0.1', port, path: '/_sim/world', headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
  expect(await call('sim.test', 'token-of-sixteen-chars')).toBe(200);
  expect(await call(`127.0.0.1:${port}`, 'token-of-sixteen-chars')).toBe(200);
  expect(await call('other.test', 'token-of-sixteen-chars')).toBe(403);
  expect(await call('sim.test')).toBe(401);
  expect(await call('sim.test', 'wrong-token-of-16-chars')).toBe(401);
});

it('refuses a control token too short to guess hard, and a host name with a port', async () => {
  for (const args of [
    ['--control-token', 'short'],
    ['--allowed-host', 'sim.test:80'],
  ]) {
    const child = startCli(['serve', '--port', '0', ...args]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code, args.join(' ')).toBe(2);
    expect(stderr).toContain(args[0]);
  }
});

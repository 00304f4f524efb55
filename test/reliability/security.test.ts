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

it('warns once on an address other than loopback, naming what is exposed and the fix; a token drops the hint', async () => {
  /** What serve prints on stderr once it is listening (the warning comes right after the banner). */
  const warning = async (...args: string[]) => {
    const child = startCli(['serve', '--port', '0', ...args]);
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    const url = await listeningUrl(child);
    // The banner is on stdout; stderr comes on its own pipe: one round trip to the server lets it arrive.
    await fetch(`${url.replace('0.0.0.0', '127.0.0.1')}/_sim/health`).catch(() => undefined);
    return { url, stderr };
  };
  const open = await warning('--host', '0.0.0.0');
  expect(open.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
  expect(open.stderr).toContain('warning: listening on 0.0.0.0, not a loopback address');
  expect(open.stderr).toContain(
    'not a loopback address: anyone who can reach it can use the API and the control plane (reset, world with its secrets); pass --control-token TOKEN to require a token',
  );
  expect(open.stderr).toContain('(add others with --allowed-host)');
  expect(open.stderr.match(/warning:/g)).toHaveLength(1);
  const guarded = await warning('--host', '0.0.0.0', '--control-token', 'token-of-sixteen-chars');
  expect(guarded.stderr).toContain('anyone who can reach it can use the API.');
  expect(guarded.stderr).not.toContain('--control-token TOKEN');
  expect((await warning('--host', '0.0.0.0', '--no-control-plane')).stderr).not.toContain('warning:');
  expect((await warning()).stderr).toBe('');
});

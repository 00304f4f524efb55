/**
 * Security, end to end on the real binary: it binds 127.0.0.1 unless told otherwise; the control plane can be
 * switched off and is never reachable through the API's Action dispatch. (Tampered, replayed, expired,
 * unknown-key and wrong-method requests are refused with their documented codes in the behaviour suite,
 * test/simulator/behaviour.test.ts, on every target.)
 */
import { once } from 'node:events';
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

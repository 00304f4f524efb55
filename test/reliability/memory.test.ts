/**
 * No sequence of bytes from a client may crash `serve` or make it hold memory without bound: against the real
 * binary, a journal filled with large requests, clients that pipeline large control-plane reads (the journal,
 * the world) and never read, during a delayed answer. The process stays up, other clients are served, and its
 * RSS stays under RSS_BOUND. (scripts/stress.ts runs the same attacks larger: `npm run stress`.)
 */
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listeningUrl, startCli } from '../support/cli.js';
import { deafClient, fillJournal, health, rssOf } from './attacks.js';

/** The stated bound for this test: the process at rest is about 80 MiB; each deaf client holds under 5 MiB. */
const RSS_BOUND = 300 * 2 ** 20;

const child = startCli(['serve', '--port', '0']);
let port = 0;
beforeAll(async () => {
  port = Number(new URL(await listeningUrl(child)).port);
});
afterAll(async () => {
  child.kill('SIGTERM');
  await once(child, 'exit');
});

it('stays up, serves others and stays under its RSS bound while deaf clients pipeline large reads', async () => {
  await fillJournal(port, 200, 256 * 1024);
  // A delayed answer first: before the fix, the requests pipelined behind it were buffered without bound.
  await fetch(`http://127.0.0.1:${port}/_sim/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules: [{ action: 'CreateSnapshot', delayMs: 2000, times: 1 }] }),
  });
  const delayed = fetch(`http://127.0.0.1:${port}/?Action=CreateSnapshot`).catch(() => undefined);
  const deaf = await Promise.all([
    deafClient(port, '/_sim/requests', 3000),
    deafClient(port, '/_sim/requests', 3000),
    deafClient(port, '/_sim/world', 10_000),
    deafClient(port, '/_sim/world', 10_000),
    deafClient(port, '/?Action=CreateSnapshot', 20_000),
  ]);
  const peak = { rss: 0 };
  for (let i = 0; i < 6; i++) {
    expect(await health(port), `health check ${i}`).toBe(200);
    peak.rss = Math.max(peak.rss, rssOf(child.pid as number));
    await new Promise((r) => setTimeout(r, 200));
  }
  await delayed;
  expect(child.exitCode).toBeNull();
  expect(peak.rss, `RSS ${Math.round(peak.rss / 2 ** 20)} MiB`).toBeLessThan(RSS_BOUND);
  for (const { socket } of deaf) socket.destroy();
  expect(await health(port)).toBe(200);
}, 60_000);

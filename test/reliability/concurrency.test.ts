/**
 * Concurrency over real sockets: 100 CreateSnapshot requests in flight at once on one healthy disk give
 * exactly one snapshot, and 100 sharing one ClientToken give one snapshot whose id every success carries.
 */
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { Simulator } from '../../src/core/simulator.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { createSimulatorServer, listen } from '../../src/node/server.js';
import { nodeHasher } from '../../src/protocol/node-hasher.js';
import { type SignedRequest, signV1Request } from '../../src/protocol/sign-request.js';

const sim = new Simulator({ wallClock: Date });
const server = createSimulatorServer(sim);
const agent = new Agent({ keepAlive: true, maxSockets: 100 });
let port = 0;

beforeAll(async () => {
  port = (await listen(server, 0, '127.0.0.1')).port;
});
beforeEach(() => sim.reset());
afterAll(() => {
  agent.destroy();
  server.closeAllConnections();
  server.close();
});

const sign = (params: Record<string, string>, i: number) =>
  signV1Request({
    hasher: nodeHasher,
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
    params,
    host: `127.0.0.1:${port}`,
    nonce: `concurrency-${Date.now()}-${i}`,
  });

function send(r: SignedRequest): Promise<{ status: number; body: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: '127.0.0.1', port, method: r.method, path: r.url }, (res) => {
      let text = '';
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Signs all first, then puts them on the wire together: all 100 are in flight before any answer. */
async function burst(params: (i: number) => Record<string, string>) {
  const signed = await Promise.all(Array.from({ length: 100 }, (_, i) => sign(params(i), i)));
  return Promise.all(signed.map(send));
}

it('100 concurrent requests on one healthy disk: exactly one success, the rest IncorrectDiskStatus.CreatingSnapshot', async () => {
  const before = sim.world().snapshots.filter((s) => s.diskId === 'd-available').length;
  const answers = await burst(() => ({ DiskId: 'd-available' }));
  const codes = answers.map((a) => (a.status === 200 ? 'success' : a.body.Code));
  expect(codes.filter((c) => c === 'success')).toHaveLength(1);
  expect(codes.filter((c) => c === 'IncorrectDiskStatus.CreatingSnapshot')).toHaveLength(99);
  expect(sim.world().snapshots.filter((s) => s.diskId === 'd-available').length).toBe(before + 1);
});

it('100 concurrent requests sharing one ClientToken: one snapshot, and every success carries its SnapshotId', async () => {
  const answers = await burst(() => ({ DiskId: 'd-available', ClientToken: 'one-token-for-all' }));
  const created = sim.world().snapshots.filter((s) => s.diskId === 'd-available' && s.status === 'progressing');
  expect(created).toHaveLength(1);
  const successes = answers.filter((a) => a.status === 200);
  expect(successes).toHaveLength(100);
  for (const a of successes) expect(a.body.SnapshotId).toBe(created[0]?.snapshotId);
});

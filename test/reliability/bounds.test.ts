/**
 * Bounds in bytes and time of what a request leaves behind (x-assumptions.limits, nonces, clientTokens): the
 * ClientToken records requests make expire, a nonce is limited in length, the journal keeps a bounded part of
 * each request, and an error answer echoes a bounded part of it.
 */
import { describe, expect, it } from 'vitest';
import { assumptions } from '../../src/catalogue.js';
import { USED_CLIENT_TOKEN } from '../../src/core/default-world.js';
import { Simulator } from '../../src/core/simulator.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { handleApiRequest } from '../../src/protocol/handle-api.js';
import { nodeHasher } from '../../src/protocol/node-hasher.js';
import { signV1Request } from '../../src/protocol/sign-request.js';

const credentials = { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET };
let nonce = 0;

async function create(sim: Simulator, params: Record<string, string>, options: { nonce?: string } = {}) {
  const signed = await signV1Request({
    hasher: nodeHasher,
    credentials,
    params: { Format: 'JSON', ...params },
    host: 'ecs.aliyuncs.com',
    nonce: options.nonce ?? `bounds-${++nonce}`,
    date: new Date(sim.wallClock.now()),
  });
  const wire = { method: signed.method, url: signed.url, header: () => undefined, body: signed.body };
  const answer = await handleApiRequest(sim, wire, { hasher: nodeHasher });
  return { status: answer.status, body: JSON.parse(answer.body) as Record<string, string> };
}

describe('bounds of what a request leaves behind', () => {
  it('forgets a ClientToken a request made after ttlSeconds of virtual time, and keeps loaded ones', async () => {
    const sim = new Simulator({ wallClock: Date });
    const first = await create(sim, { DiskId: 'd-healthy', ClientToken: 'ct-expiring' });
    sim.clock.advance(60 * 60 * 1000);
    expect((await create(sim, { DiskId: 'd-healthy', ClientToken: 'ct-expiring' })).body.SnapshotId).toBe(
      first.body.SnapshotId,
    );
    sim.clock.advance(assumptions.clientTokens.ttlSeconds * 1000);
    sim.world(); // a settle: the expired record is gone from the world, not only from the check
    expect(sim.state.clientTokens.has('ct-expiring')).toBe(false);
    const again = await create(sim, { DiskId: 'd-healthy', ClientToken: 'ct-expiring' });
    expect(again.status).toBe(200);
    expect(again.body.SnapshotId).not.toBe(first.body.SnapshotId);
    // The default world's record came with the world: it stays.
    expect(sim.state.clientTokens.has(USED_CLIENT_TOKEN)).toBe(true);
  });

  it('refuses a nonce longer than nonces.maxLength, naming it', async () => {
    const sim = new Simulator({ wallClock: Date });
    const long = await create(sim, { DiskId: 'd-healthy' }, { nonce: 'n'.repeat(assumptions.nonces.maxLength + 1) });
    expect(long.body).toMatchObject({
      Code: 'InvalidParameter',
      Message: 'The specified parameter "SignatureNonce" is not valid.',
    });
    expect(sim.nonces.bytes).toBe(0);
    const fits = await create(sim, { DiskId: 'd-healthy' }, { nonce: 'n'.repeat(assumptions.nonces.maxLength) });
    expect(fits.status).toBe(200);
  });

  it('keeps at most journalBytesPerRequest of a request in the journal, saying it was cut short', async () => {
    const sim = new Simulator({ wallClock: Date });
    await create(sim, { DiskId: 'd-healthy', Description: 'd'.repeat(200), Padding: 'x'.repeat(50_000) });
    const [entry] = sim.journal.list();
    expect(entry?.truncated).toBe(true);
    expect(JSON.stringify(entry).length).toBeLessThan(assumptions.limits.journalBytesPerRequest + 2000);
    expect(entry?.parameters.DiskId).toBe('d-healthy');
  });

  it('echoes at most maxEchoBytes of the request in an error answer', async () => {
    const sim = new Simulator({ wallClock: Date });
    const signed = await signV1Request({
      hasher: nodeHasher,
      credentials: { ...credentials, accessKeySecret: 'wrong' },
      params: { Format: 'JSON', DiskId: 'd-healthy', Padding: 'x'.repeat(40_000) },
      host: 'ecs.aliyuncs.com',
      nonce: 'echo-1',
      date: new Date(),
    });
    const answer = await handleApiRequest(
      sim,
      { method: signed.method, url: signed.url, header: () => undefined, body: signed.body },
      { hasher: nodeHasher },
    );
    const body = JSON.parse(answer.body) as { Code: string; Message: string };
    expect(body.Code).toBe('SignatureDoesNotMatch');
    expect(body.Message.length).toBeLessThan(assumptions.limits.maxEchoBytes + 500);
    expect(body.Message).toContain('more characters');
  });
});

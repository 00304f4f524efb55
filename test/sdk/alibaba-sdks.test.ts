/**
 * The real Alibaba clients drive the standalone server over 127.0.0.1: @alicloud/ecs20140526 7.x
 * (V3 by default, V1 with signatureAlgorithm 'v2') and @alicloud/pop-core (GET, and POST with a form body).
 * For a success and for documented errors, what the client surfaces must match what the server answered.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogueEntry, type ErrorId } from '../../src/catalogue.js';
import type { ScenarioInput } from '../../src/contracts/scenarios.js';
import { Simulator } from '../../src/core/simulator.js';
import { createSimulatorServer, listen } from '../../src/node/server.js';
import { ecsError, popError } from '../contracts/sdk-surfaces.js';
import { callEcs, callPop, type Surfaced } from '../support/sdk-clients.js';

const sim = new Simulator({ wallClock: Date });
const server = createSimulatorServer(sim);
let port = 0;

beforeAll(async () => {
  port = (await listen(server, 0, '127.0.0.1')).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => sim.reset());

type Client = (diskId: string, options?: { secret?: string; withTags?: boolean }) => Promise<Surfaced>;

const input = (diskId: string, withTags?: boolean) => ({
  diskId,
  ...(withTags ? { snapshotName: 'sdkName', retentionDays: 7, tags: [{ key: 'team', value: 'db' }] } : {}),
});
const secret = (s?: string) => (s === undefined ? {} : { accessKeySecret: s });
const ecs =
  (signatureAlgorithm?: 'v2'): Client =>
  (diskId, o = {}) =>
    callEcs(`http://127.0.0.1:${port}`, input(diskId, o.withTags), signatureAlgorithm, secret(o.secret));
const pop =
  (method: 'GET' | 'POST'): Client =>
  (diskId, o = {}) =>
    callPop(`http://127.0.0.1:${port}`, input(diskId, o.withTags), method, secret(o.secret));

// What each client surfaces for a documented error: the same expectations as its consumer contract.
const clients: Array<{
  name: string;
  client: Client;
  signature: 'V1' | 'V3';
  surfaces: (id: ErrorId) => Partial<Surfaced>;
}> = [
  { name: '@alicloud/ecs20140526 (V3)', client: ecs(), signature: 'V3', surfaces: ecsError },
  { name: "@alicloud/ecs20140526 (signatureAlgorithm 'v2')", client: ecs('v2'), signature: 'V1', surfaces: ecsError },
  { name: '@alicloud/pop-core (GET)', client: pop('GET'), signature: 'V1', surfaces: popError },
  { name: '@alicloud/pop-core (POST form)', client: pop('POST'), signature: 'V1', surfaces: popError },
];

describe.each(clients)('$name', ({ client, signature, surfaces }) => {
  it('creates a snapshot, with tags, and surfaces the SnapshotId and RequestId the server answered', async () => {
    const result = await client('d-healthy', { withTags: true });
    const last = sim.journal.list().at(-1);
    expect(result).toEqual({ ok: true, snapshotId: last?.answer.snapshotId, requestId: last?.answer.requestId });
    expect(last?.signature).toEqual({ version: signature, verdict: 'valid' });
    const snapshot = sim.world().snapshots.find((s) => s.snapshotId === result.snapshotId);
    expect(snapshot?.name).toBe('sdkName');
    expect(snapshot?.tags).toEqual([{ key: 'team', value: 'db' }]);
  });

  it.each<[ErrorId, string]>([
    ['InvalidDiskId.NotFound', 'd-does-not-exist'],
    ['QuotaExceed.Snapshot', 'd-quota-full'],
    ['IncorrectDiskStatus.CreatingSnapshot', 'd-snapshot-in-progress'],
    ['IncorrectInstanceStatus', 'd-instance-starting'],
    ['DiskCategory.OperationNotSupported', 'd-local-ssd'],
  ])('surfaces %s', async (id, diskId) => {
    const result = await client(diskId);
    expect(result).toMatchObject({
      ok: false,
      ...surfaces(id),
      requestId: sim.journal.list().at(-1)?.answer.requestId,
    });
  });

  it.each<ErrorId>(['InternalError', 'ServiceUnavailable', 'Throttling.User'])(
    'surfaces an injected %s',
    async (id) => {
      sim.faults.set([{ action: 'CreateSnapshot', code: id, times: 1 }]);
      const result = await client('d-healthy');
      expect(result).toMatchObject({
        ok: false,
        ...surfaces(id),
        requestId: sim.journal.list().at(-1)?.answer.requestId,
      });
    },
  );

  it('surfaces SignatureDoesNotMatch for a wrong secret', async () => {
    const result = await client('d-healthy', { secret: 'not-the-secret' });
    expect(result).toMatchObject({ ok: false, ...surfaces('SignatureDoesNotMatch') });
    expect(sim.journal.list().at(-1)?.signature).toEqual({ version: signature, verdict: 'invalid' });
  });
});

// Today's page, as real clients call it: Terraform sends Category in lower case, the SDKs send InstantAccess.
describe.each([
  { name: '@alicloud/ecs20140526 (V3)', call: (i: ScenarioInput) => callEcs(`http://127.0.0.1:${port}`, i) },
  { name: "@alicloud/ecs20140526 ('v2')", call: (i: ScenarioInput) => callEcs(`http://127.0.0.1:${port}`, i, 'v2') },
  { name: '@alicloud/pop-core (GET)', call: (i: ScenarioInput) => callPop(`http://127.0.0.1:${port}`, i, 'GET') },
  { name: '@alicloud/pop-core (POST)', call: (i: ScenarioInput) => callPop(`http://127.0.0.1:${port}`, i, 'POST') },
])("$name against today's edition", ({ call }) => {
  it('creates a snapshot with Category in lower case and InstantAccess=false', async () => {
    const result = await call({ diskId: 'd-healthy', category: 'standard', instantAccess: false });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const snapshot = sim.world().snapshots.find((s) => s.snapshotId === result.snapshotId);
    expect(snapshot).toMatchObject({ category: 'Standard', instantAccess: false });
    expect(sim.journal.list().at(-1)?.parameters).toMatchObject({ Category: 'standard', InstantAccess: 'false' });
  });

  it('creates an instant-access snapshot of an ESSD disk, with its retention', async () => {
    const result = await call({ diskId: 'd-healthy', instantAccess: true, instantAccessRetentionDays: 7 });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(sim.world().snapshots.find((s) => s.snapshotId === result.snapshotId)?.instantAccess).toBe(true);
  });

  it.each<[ErrorId, ScenarioInput]>([
    ['InvalidCategoryAndInstantAccess.Malformed', { diskId: 'd-healthy', category: 'standard', instantAccess: true }],
    ['DiskCategory.OperationNotSupported', { diskId: 'd-hdd', instantAccess: true }],
    ['CloudBoxNotSupportSnapshotWithInstantAccess', { diskId: 'd-cloudbox', instantAccess: true }],
    ['InvalidSnapshotCategory.Malformed', { diskId: 'd-healthy', category: 'Archive' }],
  ])("gets today's %s", async (id, given) => {
    const result = await call(given);
    const last = sim.journal.list().at(-1);
    expect(result).toMatchObject({ ok: false, code: catalogueEntry(id).code, requestId: last?.answer.requestId });
    expect(last?.answer).toMatchObject({ status: catalogueEntry(id).status, code: catalogueEntry(id).code });
  });
});

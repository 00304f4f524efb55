/** worldToDocument: every field written, times as ISO strings, and any world round-trips through parseWorldDocument. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsed, richWorld, validate } from '../../test/support/world-document.js';
import type { Account, World } from './world.js';
import { DISK_STATUSES, INSTANCE_STATUSES, worldToDocument } from './world-document.js';

/** Worlds that parseWorldDocument can produce: unique ids, known account ids, whole-millisecond times. */
const time = fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') });
const text = fc.string({ maxLength: 8 });
const id = fc.string({ minLength: 1, maxLength: 6 });
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const account: fc.Arbitrary<Account> = fc.record({
  balance: fc.constantFrom('sufficient', 'insufficient', 'insufficientForPostpaid'),
  snapshotService: fc.constantFrom('enabled', 'disabled'),
  snapshotQuota: nullable(fc.integer({ min: 0, max: 1000 })),
});
const region = fc.constantFrom('cn-hangzhou', 'cn-beijing', 'us-west-1');
const worldArbitrary: fc.Arbitrary<World> = fc
  .dictionary(id, account, { maxKeys: 3, noNullPrototype: true })
  .chain((accounts) => {
    const accountIds = Object.keys(accounts);
    return fc.record({
      now: time,
      edition: fc.constantFrom('2025-01-03' as const, 'older-zh-CN' as const, null),
      defaultRegion: region,
      resourceGroups: nullable(fc.uniqueArray(id, { maxLength: 3 })),
      authorizedStorageLocationArns: fc.uniqueArray(id, { maxLength: 2 }),
      instantAccessUnsupportedRegions: fc.uniqueArray(region, { maxLength: 2 }),
      accessKeys: fc.uniqueArray(
        fc.record({
          accessKeyId: id,
          accessKeySecret: id,
          active: fc.boolean(),
          authorized: fc.boolean(),
          actions: nullable(fc.array(id, { maxLength: 2 })),
        }),
        { selector: (k) => k.accessKeyId, maxLength: 3 },
      ),
      account,
      accounts: fc.constant(accounts),
      instances: fc.uniqueArray(
        fc.record({
          instanceId: id,
          status: fc.constantFrom(...INSTANCE_STATUSES),
          everStarted: fc.boolean(),
          lockReason: nullable(text),
          createdAt: time,
          systemDiskReplacedAt: nullable(time),
          hibernationConfigured: fc.boolean(),
          region,
        }),
        { selector: (i) => i.instanceId, maxLength: 3 },
      ),
      disks: fc.uniqueArray(
        fc.record({
          diskId: id,
          instanceId: nullable(id),
          type: fc.constantFrom('system', 'data'),
          category: fc.stringMatching(/^[a-z_]{1,12}$/),
          sizeGiB: fc.integer({ min: 1, max: 65_536 }),
          status: fc.constantFrom(...DISK_STATUSES),
          everAttached: fc.boolean(),
          everUsed: fc.boolean(),
          expired: fc.boolean(),
          inArrears: fc.boolean(),
          releaseAt: nullable(time),
          encrypted: fc.boolean(),
          kmsAccessible: fc.boolean(),
          multiAttach: fc.boolean(),
          accountId: accountIds.length === 0 ? fc.constant(null) : nullable(fc.constantFrom(...accountIds)),
          region,
          kmsKey: fc.constantFrom('usable', 'missing', 'disabled', 'untagged'),
          cloudBox: fc.boolean(),
          unfinishedEncryptedCopy: fc.boolean(),
          concurrentSnapshotQuota: nullable(fc.integer({ min: 1, max: 1000 })),
        }),
        { selector: (d) => d.diskId, maxLength: 3 },
      ),
      snapshots: fc.uniqueArray(
        fc.record({
          snapshotId: id,
          diskId: id,
          name: nullable(text),
          description: nullable(text),
          type: fc.constantFrom('user', 'auto'),
          status: fc.constantFrom('progressing', 'accomplished', 'failed'),
          progress: fc.integer({ min: 0, max: 100 }),
          createdAt: time,
          completesAt: time,
          retentionDays: nullable(fc.integer({ min: 1, max: 65_536 })),
          category: fc.constantFrom('Standard', 'Flash', null),
          tags: fc.uniqueArray(fc.record({ key: id, value: text }), { selector: (t) => t.key, maxLength: 3 }),
          resourceGroupId: nullable(text),
          region,
          instantAccess: fc.boolean(),
          instantAccessRetentionDays: nullable(fc.integer({ min: 1, max: 65_535 })),
          storageLocationArn: nullable(text),
        }),
        { selector: (s) => s.snapshotId, maxLength: 3 },
      ),
      clientTokens: fc.uniqueArray(
        fc.record({
          clientToken: id,
          fingerprint: text,
          state: fc.constantFrom('processing', 'done'),
          snapshotId: nullable(id),
        }),
        { selector: (c) => c.clientToken, maxLength: 3 },
      ),
    });
  });

describe('worldToDocument', () => {
  it('writes every field, times as ISO strings', () => {
    const document = worldToDocument(richWorld);
    expect(document.now).toBe('2027-03-04T05:06:07.089Z');
    expect(document.instances?.[0]).toStrictEqual({
      instanceId: 'i-1',
      status: 'Stopped',
      everStarted: false,
      lockReason: 'security',
      createdAt: '2027-03-04T04:30:00.000Z',
      systemDiskReplacedAt: '2027-03-04T04:45:00.500Z',
      hibernationConfigured: true,
      region: 'cn-shanghai',
    });
    expect(document.snapshots?.[0]?.completesAt).toBe('2027-03-05T05:00:00.000Z');
    expect(document.disks?.[0]?.releaseAt).toBe('2027-03-05T00:00:00.000Z');
  });

  it.each([
    { name: 'a world with every field away from its default', given: richWorld },
    { name: 'the world of a minimal document', given: parsed({ disks: [{ diskId: 'd-1' }] }) },
    { name: 'an empty world', given: parsed({ accessKeys: [] }) },
  ])('round-trips $name through parseWorldDocument', ({ given }) => {
    expect(parsed(JSON.parse(JSON.stringify(worldToDocument(given))), 0)).toStrictEqual(given);
  });

  it('round-trips any world that parseWorldDocument can produce', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const document = JSON.parse(JSON.stringify(worldToDocument(world)));
        // structuredClone: fast-check makes some objects without a prototype; a parsed world has plain ones.
        expect(parsed(document, 0)).toStrictEqual(structuredClone(world));
        expect(validate(document)).toBe(true);
      }),
    );
  });
});

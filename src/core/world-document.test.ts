import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assumptions } from '../generated/error-catalogue.js';
import type { Account, World } from './world.js';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DISK_STATUSES,
  INSTANCE_STATUSES,
  parseWorldDocument,
  worldToDocument,
} from './world-document.js';

const NOW = Date.parse('2026-11-29T06:00:00.000Z');
const DAY = 86_400_000;
const SECOND = 1000;
const { baseSeconds, secondsPerGiB } = assumptions.snapshotDuration;

function parsed(input: unknown, now = NOW): World {
  const result = parseWorldDocument(input, now);
  if (!result.ok) throw new Error(`expected a valid document, got:\n${result.errors.join('\n')}`);
  return result.world;
}

function errorsOf(input: unknown): string[] {
  const result = parseWorldDocument(input, NOW);
  return result.ok ? [] : result.errors;
}

const schema = JSON.parse(readFileSync(new URL('../../openapi/world.schema.json', import.meta.url), 'utf8')) as {
  properties: Record<string, { default?: unknown }>;
  $defs: Record<string, { properties?: Record<string, { default?: unknown }> }>;
};
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

describe('parseWorldDocument: defaults', () => {
  it('makes a healthy world from a minimal document', () => {
    expect(parsed({ disks: [{ diskId: 'd-1' }] })).toStrictEqual({
      now: NOW,
      edition: null,
      defaultRegion: 'cn-hangzhou',
      resourceGroups: null,
      authorizedStorageLocationArns: [],
      instantAccessUnsupportedRegions: [],
      accessKeys: [
        {
          accessKeyId: DEFAULT_ACCESS_KEY_ID,
          accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
          active: true,
          authorized: true,
          actions: null,
        },
      ],
      account: { balance: 'sufficient', snapshotService: 'enabled', snapshotQuota: null },
      accounts: {},
      instances: [],
      disks: [
        {
          diskId: 'd-1',
          instanceId: null,
          type: 'data',
          category: 'cloud_essd',
          sizeGiB: 40,
          status: 'Available',
          everAttached: true,
          everUsed: true,
          expired: false,
          inArrears: false,
          releaseAt: null,
          encrypted: false,
          kmsAccessible: true,
          multiAttach: false,
          accountId: null,
          region: 'cn-hangzhou',
          kmsKey: 'usable',
          cloudBox: false,
          unfinishedEncryptedCopy: false,
          concurrentSnapshotQuota: null,
        },
      ],
      snapshots: [],
      clientTokens: [],
    } satisfies World);
  });

  it('fills the defaults of every kind of resource', () => {
    const world = parsed({
      accessKeys: [{ accessKeyId: 'ak', accessKeySecret: 'sk' }],
      accounts: { 'acct-1': {} },
      instances: [{ instanceId: 'i-1' }],
      snapshots: [{ snapshotId: 's-1', diskId: 'd-1', tags: [{ key: 'k' }] }],
      clientTokens: [{ clientToken: 't-1', fingerprint: 'f' }],
    });
    expect(world.accessKeys).toStrictEqual([
      { accessKeyId: 'ak', accessKeySecret: 'sk', active: true, authorized: true, actions: null },
    ]);
    expect(world.accounts).toStrictEqual({
      'acct-1': { balance: 'sufficient', snapshotService: 'enabled', snapshotQuota: null },
    });
    expect(world.instances).toStrictEqual([
      {
        instanceId: 'i-1',
        status: 'Running',
        everStarted: true,
        lockReason: null,
        createdAt: NOW - 30 * DAY,
        systemDiskReplacedAt: null,
        hibernationConfigured: false,
        region: 'cn-hangzhou',
      },
    ]);
    expect(world.snapshots).toStrictEqual([
      {
        snapshotId: 's-1',
        diskId: 'd-1',
        name: null,
        description: null,
        type: 'user',
        status: 'accomplished',
        progress: 100,
        createdAt: NOW - DAY,
        completesAt: NOW - DAY,
        retentionDays: null,
        category: null,
        tags: [{ key: 'k', value: '' }],
        resourceGroupId: null,
        region: 'cn-hangzhou',
        instantAccess: false,
      },
    ]);
    expect(world.clientTokens).toStrictEqual([
      { clientToken: 't-1', fingerprint: 'f', state: 'done', snapshotId: null },
    ]);
  });

  it.each([
    { given: { diskId: 'd-1', instanceId: 'i-1' }, want: 'In_use' },
    { given: { diskId: 'd-1', instanceId: 'i-missing' }, want: 'In_use' },
    { given: { diskId: 'd-1', instanceId: null }, want: 'Available' },
    { given: { diskId: 'd-1', instanceId: 'i-1', status: 'Detaching' }, want: 'Detaching' },
  ])('gives disk $given the status $want', ({ given, want }) => {
    expect(parsed({ disks: [given] }).disks[0]?.status).toBe(want);
  });

  const disk100 = { diskId: 'd-100', sizeGiB: 100 };
  it.each([
    { name: 'accomplished', given: {}, want: { progress: 100, completesAt: NOW - DAY } },
    { name: 'failed', given: { status: 'failed' }, want: { progress: 0, completesAt: NOW - DAY } },
    {
      name: 'failed, created at a given time',
      given: { status: 'failed', createdAt: '2026-11-01T00:00:00Z' },
      want: { progress: 0, completesAt: Date.parse('2026-11-01T00:00:00Z') },
    },
    {
      name: 'progressing, unknown disk (40 GiB)',
      given: { status: 'progressing', diskId: 'd-gone' },
      want: { progress: 0, completesAt: NOW + (baseSeconds + secondsPerGiB * 40) * SECOND },
    },
    {
      name: 'progressing at 50% of a 100 GiB disk',
      given: { status: 'progressing', progress: 50, diskId: 'd-100' },
      want: { progress: 50, completesAt: NOW + 0.5 * (baseSeconds + secondsPerGiB * 100) * SECOND },
    },
    {
      name: 'progressing with an explicit end',
      given: { status: 'progressing', progress: 10, completesAt: '2026-11-29T07:00:00.000Z' },
      want: { progress: 10, completesAt: NOW + 3600 * SECOND },
    },
  ])('derives progress and completesAt of a snapshot: $name', ({ given, want }) => {
    const world = parsed({ disks: [disk100], snapshots: [{ snapshotId: 's-1', diskId: 'd-100', ...given }] });
    expect(world.snapshots[0]).toMatchObject(want);
  });

  it('takes the clock from the document when it has one, and derives defaults from it', () => {
    const world = parsed({ now: '2030-01-01T00:00:00Z', instances: [{ instanceId: 'i-1' }] });
    expect(world.now).toBe(Date.parse('2030-01-01T00:00:00Z'));
    expect(world.instances[0]?.createdAt).toBe(world.now - 30 * DAY);
  });

  it('keeps an empty list of access keys empty', () => {
    expect(parsed({ accessKeys: [] }).accessKeys).toStrictEqual([]);
  });

  it('keeps "__proto__" as an ordinary account id', () => {
    const world = parsed(JSON.parse('{"accounts":{"__proto__":{"balance":"insufficient"}}}'));
    expect(Object.keys(world.accounts)).toStrictEqual(['__proto__']);
    expect(Object.getPrototypeOf(world.accounts)).toBe(Object.prototype);
  });
});

const richWorld: World = {
  now: Date.parse('2027-03-04T05:06:07.089Z'),
  edition: 'older-zh-CN',
  defaultRegion: 'cn-shanghai',
  resourceGroups: ['rg-1'],
  authorizedStorageLocationArns: ['acs:ecs:cn-shanghai:1:storagelocation/sl-1'],
  instantAccessUnsupportedRegions: ['cn-nanjing'],
  accessKeys: [
    { accessKeyId: 'ak-1', accessKeySecret: 'sk-1', active: false, authorized: true, actions: null },
    { accessKeyId: 'ak-2', accessKeySecret: 'sk-2', active: true, authorized: false, actions: ['DescribeDisks'] },
  ],
  account: { balance: 'insufficient', snapshotService: 'disabled', snapshotQuota: 10 },
  accounts: { 'acct-2': { balance: 'insufficientForPostpaid', snapshotService: 'disabled', snapshotQuota: null } },
  instances: [
    {
      instanceId: 'i-1',
      status: 'Stopped',
      everStarted: false,
      lockReason: 'security',
      createdAt: Date.parse('2027-03-04T04:30:00.000Z'),
      systemDiskReplacedAt: Date.parse('2027-03-04T04:45:00.500Z'),
      hibernationConfigured: true,
      region: 'cn-shanghai',
    },
  ],
  disks: [
    {
      diskId: 'd-1',
      instanceId: 'i-1',
      type: 'system',
      category: 'cloud_sharedssd',
      sizeGiB: 65_536,
      status: 'ReIniting',
      everAttached: false,
      everUsed: false,
      expired: true,
      inArrears: true,
      releaseAt: Date.parse('2027-03-05T00:00:00.000Z'),
      encrypted: true,
      kmsAccessible: false,
      multiAttach: true,
      accountId: 'acct-2',
      region: 'cn-shanghai',
      kmsKey: 'untagged',
      cloudBox: true,
      unfinishedEncryptedCopy: true,
      concurrentSnapshotQuota: 3,
    },
  ],
  snapshots: [
    {
      snapshotId: 's-1',
      diskId: 'd-1',
      name: 'nightly',
      description: 'before the upgrade',
      type: 'auto',
      status: 'progressing',
      progress: 37,
      createdAt: Date.parse('2027-03-04T05:00:00.000Z'),
      completesAt: Date.parse('2027-03-05T05:00:00.000Z'),
      retentionDays: 7,
      category: 'Flash',
      tags: [
        { key: 'env', value: 'prod' },
        { key: 'team', value: '' },
      ],
      resourceGroupId: 'rg-1',
      region: 'cn-shanghai',
      instantAccess: true,
    },
  ],
  clientTokens: [{ clientToken: 'tok-1', fingerprint: '{"DiskId":"d-1"}', state: 'processing', snapshotId: 's-1' }],
};

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

interface ErrorRow {
  name: string;
  given: unknown;
  want: string;
  /** Whether openapi/world.schema.json refuses it too (duplicates, references and calendar dates it cannot express). */
  schema: boolean;
}

const errorRows: ErrorRow[] = [
  { name: 'an array as the document', given: [], want: '(root): must be a JSON object (got an array)', schema: true },
  { name: 'null as the document', given: null, want: '(root): must be a JSON object (got null)', schema: true },
  {
    name: 'a string as the document',
    given: 'world',
    want: '(root): must be a JSON object (got "world")',
    schema: true,
  },
  { name: 'an unknown top-level field', given: { disk: [] }, want: '(root): unknown field "disk"', schema: true },
  {
    name: 'an unknown field of an instance',
    given: { instances: [{ instanceId: 'i-1' }, { instanceId: 'i-2', stauts: 'Stopped' }] },
    want: 'instances[1]: unknown field "stauts"',
    schema: true,
  },
  {
    name: 'a bad disk status',
    given: { disks: [{ diskId: 'd-0' }, { diskId: 'd-1' }, { diskId: 'd-2', status: 'Broken' }] },
    want: `disks[2].status: must be one of ${DISK_STATUSES.join(', ')} (got "Broken")`,
    schema: true,
  },
  {
    name: 'a disk size of 0',
    given: { disks: [{ diskId: 'd-1', sizeGiB: 0 }] },
    want: 'disks[0].sizeGiB: must be an integer from 1 to 65536 (got 0)',
    schema: true,
  },
  {
    name: 'a fractional disk size',
    given: { disks: [{ diskId: 'd-1', sizeGiB: 1.5 }] },
    want: 'disks[0].sizeGiB: must be an integer from 1 to 65536 (got 1.5)',
    schema: true,
  },
  {
    name: 'a disk size as a string',
    given: { disks: [{ diskId: 'd-1', sizeGiB: '40' }] },
    want: 'disks[0].sizeGiB: must be an integer from 1 to 65536 (got "40")',
    schema: true,
  },
  {
    name: 'null for a field that is not nullable',
    given: { disks: [{ diskId: 'd-1', encrypted: null }] },
    want: 'disks[0].encrypted: must be true or false (got null)',
    schema: true,
  },
  {
    name: 'a disk category with capitals',
    given: { disks: [{ diskId: 'd-1', category: 'Cloud_ESSD' }] },
    want: 'disks[0].category: must be lowercase letters and underscores, such as cloud_essd (got "Cloud_ESSD")',
    schema: true,
  },
  {
    name: 'a duplicate diskId',
    given: { disks: [{ diskId: 'd-1' }, { diskId: 'd-2' }, { diskId: 'd-1' }] },
    want: 'disks: duplicate diskId "d-1" (also at disks[0])',
    schema: false,
  },
  {
    name: 'a duplicate snapshotId',
    given: {
      snapshots: [
        { snapshotId: 's-1', diskId: 'd-1' },
        { snapshotId: 's-1', diskId: 'd-2' },
      ],
    },
    want: 'snapshots: duplicate snapshotId "s-1" (also at snapshots[0])',
    schema: false,
  },
  {
    name: 'a duplicate clientToken',
    given: {
      clientTokens: [
        { clientToken: 't', fingerprint: 'a' },
        { clientToken: 't', fingerprint: 'b' },
      ],
    },
    want: 'clientTokens: duplicate clientToken "t" (also at clientTokens[0])',
    schema: false,
  },
  {
    name: 'a duplicate accessKeyId',
    given: {
      accessKeys: [
        { accessKeyId: 'ak', accessKeySecret: 'a' },
        { accessKeyId: 'ak', accessKeySecret: 'b' },
      ],
    },
    want: 'accessKeys: duplicate accessKeyId "ak" (also at accessKeys[0])',
    schema: false,
  },
  {
    name: 'a duplicate tag key',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', tags: [{ key: 'k' }, { key: 'k', value: 'v' }] }] },
    want: 'snapshots[0].tags: duplicate key "k" (also at snapshots[0].tags[0])',
    schema: false,
  },
  {
    name: 'an accountId that is not in accounts',
    given: {
      accounts: { 'acct-1': {} },
      disks: [{ diskId: 'd-0' }, { diskId: 'd-1' }, { diskId: 'd-2' }, { diskId: 'd-3', accountId: 'acct-x' }],
    },
    want: 'disks[3].accountId: no account "acct-x" in accounts',
    schema: false,
  },
  {
    name: 'a createdAt that is no date',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', createdAt: 'yesterday' }] },
    want: 'snapshots[0].createdAt: must be an ISO 8601 date-time such as 2026-11-29T06:00:00Z (got "yesterday")',
    schema: true,
  },
  {
    name: 'a time with an offset instead of Z',
    given: { now: '2026-11-29T14:00:00+08:00' },
    want: 'now: must be an ISO 8601 date-time such as 2026-11-29T06:00:00Z (got "2026-11-29T14:00:00+08:00")',
    schema: true,
  },
  {
    name: 'a time as epoch milliseconds',
    given: { instances: [{ instanceId: 'i-1', createdAt: NOW }] },
    want: `instances[0].createdAt: must be an ISO 8601 date-time such as 2026-11-29T06:00:00Z (got ${NOW})`,
    schema: true,
  },
  {
    name: 'a day that does not exist',
    given: { disks: [{ diskId: 'd-1', releaseAt: '2026-02-30T00:00:00Z' }] },
    want: 'disks[0].releaseAt: must be an ISO 8601 date-time such as 2026-11-29T06:00:00Z, or null (got "2026-02-30T00:00:00Z")',
    schema: true,
  },
  {
    name: 'a missing diskId',
    given: { disks: [{ sizeGiB: 10 }] },
    want: 'disks[0].diskId: is required, a non-empty string',
    schema: true,
  },
  {
    name: 'an empty instanceId',
    given: { instances: [{ instanceId: '' }] },
    want: 'instances[0].instanceId: must be a non-empty string (got "")',
    schema: true,
  },
  {
    name: 'a snapshot without a diskId',
    given: { snapshots: [{ snapshotId: 's-1' }] },
    want: 'snapshots[0].diskId: is required, a non-empty string',
    schema: true,
  },
  {
    name: 'an access key without a secret',
    given: { accessKeys: [{ accessKeyId: 'ak' }] },
    want: 'accessKeys[0].accessKeySecret: is required, a non-empty string',
    schema: true,
  },
  {
    name: 'a client token without a fingerprint',
    given: { clientTokens: [{ clientToken: 't' }] },
    want: 'clientTokens[0].fingerprint: is required, a string',
    schema: true,
  },
  {
    name: 'a progress over 100',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', progress: 101 }] },
    want: 'snapshots[0].progress: must be an integer from 0 to 100 (got 101)',
    schema: true,
  },
  {
    name: 'a retention of 0 days',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', retentionDays: 0 }] },
    want: 'snapshots[0].retentionDays: must be an integer from 1 to 65536, or null (got 0)',
    schema: true,
  },
  {
    name: 'a bad snapshot category',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', category: 'Premium' }] },
    want: 'snapshots[0].category: must be one of Standard, Flash, or null (got "Premium")',
    schema: true,
  },
  {
    name: 'a tag without a key',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', tags: [{ value: 'v' }] }] },
    want: 'snapshots[0].tags[0].key: is required, a non-empty string',
    schema: true,
  },
  {
    name: 'disks that are not an array',
    given: { disks: { diskId: 'd-1' } },
    want: 'disks: must be an array (got an object)',
    schema: true,
  },
  {
    name: 'a disk that is not an object',
    given: { disks: ['d-1'] },
    want: 'disks[0]: must be an object (got "d-1")',
    schema: true,
  },
  {
    name: 'a bad balance of a named account',
    given: { accounts: { 'acct-1': { balance: 'low' } } },
    want: 'accounts["acct-1"].balance: must be one of sufficient, insufficient, insufficientForPostpaid (got "low")',
    schema: true,
  },
  {
    name: 'an unknown field of the account',
    given: { account: { balanse: 'insufficient' } },
    want: 'account: unknown field "balanse"',
    schema: true,
  },
  {
    name: 'an empty account id',
    given: { accounts: { '': {} } },
    want: 'accounts: an account id must be a non-empty string',
    schema: true,
  },
  {
    name: 'a bad instance status',
    given: { instances: [{ instanceId: 'i-1', status: 'running' }] },
    want: `instances[0].status: must be one of ${INSTANCE_STATUSES.join(', ')} (got "running")`,
    schema: true,
  },
];

describe('parseWorldDocument: errors', () => {
  it.each(errorRows)('refuses $name', ({ given, want }) => {
    expect(errorsOf(given)).toStrictEqual([want]);
  });

  it('reports every problem at once, each naming its field', () => {
    const errors = errorsOf({
      now: 'soon',
      disks: [
        { diskId: 'd-1', sizeGiB: -1, stauts: 'In_use' },
        { diskId: 'd-1', accountId: 'nobody' },
      ],
      snapshots: [{ diskId: 'd-1', progress: 'half' }],
    });
    expect(errors).toStrictEqual([
      'now: must be an ISO 8601 date-time such as 2026-11-29T06:00:00Z (got "soon")',
      'disks[0].sizeGiB: must be an integer from 1 to 65536 (got -1)',
      'disks[0]: unknown field "stauts"',
      'disks[1].accountId: no account "nobody" in accounts',
      'disks: duplicate diskId "d-1" (also at disks[0])',
      'snapshots[0].snapshotId: is required, a non-empty string',
      'snapshots[0].progress: must be an integer from 0 to 100 (got "half")',
    ]);
  });

  it.each([
    { name: 'a disk on an instance that does not exist', given: { disks: [{ diskId: 'd-1', instanceId: 'i-gone' }] } },
    {
      name: 'a snapshot of a disk that does not exist',
      given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-gone' }] },
    },
    { name: 'milliseconds in a time', given: { now: '2026-11-29T06:00:00.5Z' } },
    { name: 'a category the simulator does not support', given: { disks: [{ diskId: 'd-1', category: 'ephemeral' }] } },
  ])('accepts $name', ({ given }) => {
    expect(errorsOf(given)).toStrictEqual([]);
  });
});

describe('openapi/world.schema.json', () => {
  it('is a valid draft 2020-12 schema', () => {
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  const validDocuments: { name: string; given: unknown }[] = [
    { name: 'an empty document', given: {} },
    { name: 'the minimal document', given: { disks: [{ diskId: 'd-1' }] } },
    {
      name: 'a document with every kind of resource',
      given: {
        now: '2026-11-29T06:00:00Z',
        accessKeys: [{ accessKeyId: 'ak', accessKeySecret: 'sk', active: false }],
        account: { balance: 'insufficient' },
        accounts: { 'acct-1': { snapshotService: 'disabled' } },
        instances: [{ instanceId: 'i-1', lockReason: 'security', systemDiskReplacedAt: null }],
        disks: [{ diskId: 'd-1', instanceId: 'i-gone', accountId: 'acct-1', releaseAt: '2026-12-01T00:00:00.000Z' }],
        snapshots: [{ snapshotId: 's-1', diskId: 'd-1', status: 'progressing', category: null, tags: [{ key: 'k' }] }],
        clientTokens: [{ clientToken: 't', fingerprint: '', state: 'processing' }],
      },
    },
    { name: 'worldToDocument of a rich world', given: worldToDocument(richWorld) },
    { name: 'worldToDocument of a minimal world', given: worldToDocument(parsed({ disks: [{ diskId: 'd-1' }] })) },
  ];

  it.each(validDocuments)('accepts $name, as parseWorldDocument does', ({ given }) => {
    const document = JSON.parse(JSON.stringify(given));
    expect(errorsOf(document)).toStrictEqual([]);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(errorRows.filter((row) => row.schema))('refuses $name, as parseWorldDocument does', ({ given }) => {
    expect(validate(given)).toBe(false);
  });

  it.each(errorRows.filter((row) => !row.schema))('lets parseWorldDocument alone refuse $name', ({ given }) => {
    expect(validate(given)).toBe(true);
  });

  it('documents the defaults that parseWorldDocument applies', () => {
    const minimal = {
      accessKeys: [{ accessKeyId: 'ak', accessKeySecret: 'sk' }],
      account: {},
      instances: [{ instanceId: 'i-1' }],
      disks: [{ diskId: 'd-1' }],
      snapshots: [
        { snapshotId: 's-1', diskId: 'd-1' },
        { snapshotId: 's-2', diskId: 'd-1', tags: [{ key: 'k' }] },
      ],
      clientTokens: [{ clientToken: 't', fingerprint: 'f' }],
    };
    const document = worldToDocument(parsed(minimal));
    const elements: Record<string, unknown> = {
      accessKey: document.accessKeys?.[0],
      account: document.account,
      instance: document.instances?.[0],
      disk: document.disks?.[0],
      snapshot: document.snapshots?.[0],
      tag: document.snapshots?.[1]?.tags?.[0],
      clientToken: document.clientTokens?.[0],
    };
    for (const [name, definition] of Object.entries(schema.$defs)) {
      for (const [field, property] of Object.entries(definition.properties ?? {})) {
        if (!('default' in property)) continue;
        expect((elements[name] as Record<string, unknown>)[field], `${name}.${field}`).toStrictEqual(property.default);
      }
    }
    for (const [field, property] of Object.entries(schema.properties)) {
      if (!('default' in property)) continue;
      expect(parsed({ [field]: property.default }), field).toStrictEqual(parsed({}));
    }
  });
});

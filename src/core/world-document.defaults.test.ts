/** parseWorldDocument's defaults: what a document leaves out, the world has as documented. */
import { describe, expect, it } from 'vitest';
import { NOW, parsed } from '../../test/support/world-document.js';
import { assumptions } from '../generated/error-catalogue.js';
import type { World } from './world.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from './world-document.js';

const DAY = 86_400_000;
const SECOND = 1000;
const { baseSeconds, secondsPerGiB } = assumptions.snapshotDuration;

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
        instantAccessRetentionDays: null,
        storageLocationArn: null,
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

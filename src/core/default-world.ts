/**
 * The default world: healthy disks, and one fixture disk for every documented error that depends on
 * the state of the world, so that each is reached by DiskId (and, for a few of today's rows, one more
 * parameter). The table is also the README's.
 */
import { fingerprint } from './create-snapshot-input.js';
import {
  AUTHORIZED_STORAGE_LOCATION_ARN,
  DEFAULT_RESOURCE_GROUPS,
  FORBIDDEN_ACCESS_KEY_ID,
  fixtureDisks,
  INACTIVE_ACCESS_KEY_ID,
  NO_ACTION_ACCESS_KEY_ID,
  NO_INSTANT_ACCESS_REGION,
  PROCESSING_CLIENT_TOKEN,
  USED_CLIENT_TOKEN,
} from './default-fixtures.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, type WorldDocument } from './world-document.js';

export * from './default-fixtures.js';

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

export function defaultWorldDocument(now: number): WorldDocument {
  const time = (t: string | null | undefined) => (t === '+10m' ? iso(now + 10 * MINUTE) : t);
  return {
    now: iso(now),
    accessKeys: [
      { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
      { accessKeyId: INACTIVE_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET, active: false },
      { accessKeyId: FORBIDDEN_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET, authorized: false },
      { accessKeyId: NO_ACTION_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET, actions: ['DescribeDisks'] },
    ],
    resourceGroups: DEFAULT_RESOURCE_GROUPS,
    authorizedStorageLocationArns: [AUTHORIZED_STORAGE_LOCATION_ARN],
    instantAccessUnsupportedRegions: [NO_INSTANT_ACCESS_REGION],
    account: { balance: 'sufficient', snapshotService: 'enabled' },
    accounts: {
      'acct-snapshot-service-disabled': { snapshotService: 'disabled' },
      'acct-insufficient-balance': { balance: 'insufficient' },
      'acct-postpaid-balance': { balance: 'insufficientForPostpaid' },
      'acct-snapshot-quota-full': { snapshotQuota: 1 },
    },
    instances: [
      { instanceId: 'i-running' },
      { instanceId: 'i-stopped', status: 'Stopped' },
      { instanceId: 'i-locked', lockReason: 'security' },
      { instanceId: 'i-never-started', status: 'Stopped', everStarted: false },
      { instanceId: 'i-starting', status: 'Starting' },
      { instanceId: 'i-new', createdAt: iso(now - 10 * MINUTE) },
      { instanceId: 'i-hibernation', hibernationConfigured: true },
    ],
    disks: fixtureDisks
      .filter((f) => f.diskId !== 'd-does-not-exist')
      .flatMap(({ diskId, disk }) =>
        disk === null ? [] : [{ diskId, ...disk, releaseAt: time(disk.releaseAt) ?? null }],
      ),
    snapshots: [
      ...Array.from({ length: 256 }, (_, i) => ({
        snapshotId: `s-quota-full-${String(i + 1).padStart(3, '0')}`,
        diskId: 'd-quota-full',
        createdAt: iso(now - (300 - i) * DAY),
      })),
      { snapshotId: 's-auto-quota-full', diskId: 'd-quota-full', type: 'auto' as const },
      { snapshotId: 's-in-progress', diskId: 'd-snapshot-in-progress', status: 'progressing' as const, progress: 30 },
      { snapshotId: 's-account-quota', diskId: 'd-account-quota-full', createdAt: iso(now - DAY) },
      {
        snapshotId: 's-concurrent-full',
        diskId: 'd-concurrent-quota-full',
        status: 'progressing' as const,
        progress: 30,
      },
      { snapshotId: 's-concurrent', diskId: 'd-concurrent', status: 'progressing' as const, progress: 30 },
      { snapshotId: 's-used-token', diskId: 'd-healthy', createdAt: iso(now - DAY) },
    ],
    clientTokens: [
      { clientToken: PROCESSING_CLIENT_TOKEN, fingerprint: '', state: 'processing' },
      {
        clientToken: USED_CLIENT_TOKEN,
        fingerprint: fingerprint({
          diskId: 'd-healthy',
          snapshotName: null,
          description: null,
          retentionDays: null,
          category: null,
          clientToken: USED_CLIENT_TOKEN,
          tags: [],
          resourceGroupId: null,
          instantAccess: false,
          instantAccessRetentionDays: null,
          storageLocationArn: null,
        }),
        state: 'done',
        snapshotId: 's-used-token',
      },
    ],
  };
}

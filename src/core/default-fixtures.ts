/**
 * The fixture disks of the default world, one for every documented error that depends on the state of the
 * world (a few of today's rows also need the parameter named), with the answer of each edition. The table is
 * also the README's.
 */
import type { ErrorId } from '../catalogue.js';
import type { DiskDocument } from './world-document.js';

export interface Fixture {
  diskId: string;
  /** Parameters sent besides DiskId, when the row needs them (InstantAccess, RegionId...). */
  with?: Record<string, string>;
  /** The answer in today's edition: 'success' or the catalogue id of the error. */
  answer: 'success' | ErrorId;
  /** The answer in the older edition, where it differs. */
  older?: 'success' | ErrorId;
  why: string;
}

export const INACTIVE_ACCESS_KEY_ID = 'LTAI5tSimulatorInactive1';
export const FORBIDDEN_ACCESS_KEY_ID = 'LTAI5tSimulatorNoRamPerm';
/** A key that may call other actions but not CreateSnapshot: InvalidAction.Unauthorized (today), Forbidden.RAM (older). */
export const NO_ACTION_ACCESS_KEY_ID = 'LTAI5tSimulatorNoAction1';
/** The resource groups of the default world: the captures', the contracts', and the examples'. */
export const DEFAULT_RESOURCE_GROUPS = ['rg-capture-0001', 'rg-contract-0001', 'rg-aek2abc', 'rg-1', 'rg-acfm'];
export const AUTHORIZED_STORAGE_LOCATION_ARN = 'acs:ecs:cn-hangzhou:1234567890123456:storagelocation/sl-fixture-0001';
/** A region of the default world without instant access, and one more region with a disk of its own. */
export const NO_INSTANT_ACCESS_REGION = 'cn-wulanchabu';
export const OTHER_REGION = 'cn-beijing';
/** ClientTokens of the default world: one held by a request still being processed, one already used. */
export const PROCESSING_CLIENT_TOKEN = 'ct-still-processing';
export const USED_CLIENT_TOKEN = 'ct-used-for-d-healthy';

/** `disk: null`: the disk of an earlier row, met with other parameters. */
export const fixtureDisks: Array<Fixture & { disk: Omit<DiskDocument, 'diskId'> | null }> = [
  {
    diskId: 'd-healthy',
    answer: 'success',
    why: 'a used data disk, In_use on a Running instance',
    disk: { instanceId: 'i-running' },
  },
  {
    diskId: 'd-healthy-system',
    answer: 'success',
    why: 'the system disk of a Running instance created long ago',
    disk: { instanceId: 'i-running', type: 'system' },
  },
  {
    diskId: 'd-available',
    answer: 'success',
    why: 'a detached (Available) data disk that was attached and used before',
    disk: {},
  },
  {
    diskId: 'd-capture-0001',
    answer: 'success',
    why: 'the disk the captured SDK requests of shared/reference/captures name (resource group rg-capture-0001)',
    disk: { instanceId: 'i-running' },
  },
  {
    diskId: 'd-stopped-instance',
    answer: 'success',
    why: 'attached to a Stopped instance',
    disk: { instanceId: 'i-stopped' },
  },
  {
    diskId: 'd-expired',
    answer: 'success',
    why: 'an Expired disk: the page says it CAN be snapshotted',
    disk: { instanceId: 'i-running', expired: true },
  },
  {
    diskId: 'd-expiring',
    answer: 'success',
    why: 'Expired, 500 GiB, released in 10 minutes: a snapshot still in progress then is deleted with it',
    disk: { expired: true, sizeGiB: 500, releaseAt: '+10m' },
  },
  { diskId: 'd-does-not-exist', answer: 'InvalidDiskId.NotFound', why: 'no such disk', disk: {} },
  {
    diskId: 'd-snapshot-service-disabled',
    answer: 'InvalidAccountStatus.SnapshotServiceUnavailable',
    why: 'owned by an account that has not opened the snapshot service',
    disk: { instanceId: 'i-running', accountId: 'acct-snapshot-service-disabled' },
  },
  {
    diskId: 'd-account-no-balance',
    answer: 'InvalidAccountStatus.NotEnoughBalance',
    why: 'owned by an account with insufficient balance',
    disk: { instanceId: 'i-running', accountId: 'acct-insufficient-balance' },
  },
  {
    diskId: 'd-local-ssd',
    answer: 'DiskCategory.OperationNotSupported',
    why: 'a local disk (local_ssd_pro)',
    disk: { instanceId: 'i-running', category: 'local_ssd_pro' },
  },
  {
    diskId: 'd-elastic-ephemeral',
    answer: 'DiskId.ValueNotSupported',
    why: 'an elastic ephemeral disk',
    disk: { instanceId: 'i-running', category: 'elastic_ephemeral_disk_standard' },
  },
  {
    diskId: 'd-multi-attach',
    answer: 'IncorrectDiskType.NotSupport',
    why: 'a multi-attach disk',
    disk: { instanceId: 'i-running', multiAttach: true },
  },
  {
    diskId: 'd-in-arrears',
    answer: 'DiskInArrears',
    why: 'stopped for an overdue payment',
    disk: { instanceId: 'i-running', inArrears: true },
  },
  {
    diskId: 'd-kms-unauthorized',
    answer: 'InvalidParameter.KMSKeyId.KMSUnauthorized',
    why: 'encrypted with a KMS key ECS may not use',
    disk: { instanceId: 'i-running', encrypted: true, kmsAccessible: false },
  },
  {
    diskId: 'd-shared-volume-missing',
    answer: 'InvalidVolumeId.NotFound',
    why: 'shared block storage attached to an instance that no longer exists',
    disk: { instanceId: 'i-deleted', category: 'cloud_sharedssd' },
  },
  {
    diskId: 'd-instance-missing',
    answer: 'InvalidInstanceId.NotFound',
    why: 'attached to an instance that no longer exists',
    disk: { instanceId: 'i-deleted' },
  },
  {
    diskId: 'd-instance-locked',
    answer: 'InstanceLockedForSecurity',
    why: 'its instance is locked for security',
    disk: { instanceId: 'i-locked' },
  },
  {
    diskId: 'd-transferring',
    answer: 'IncorrectDiskStatus.Transferring',
    why: 'status Transferring',
    disk: { instanceId: 'i-running', status: 'Transferring' },
  },
  {
    diskId: 'd-invalid',
    answer: 'IncorrectDiskStatus.Invalid',
    why: 'status Invalid',
    disk: { instanceId: 'i-running', status: 'Invalid' },
  },
  {
    diskId: 'd-shared-volume-detaching',
    answer: 'IncorrectVolumeStatus',
    why: 'shared block storage being detached',
    disk: { instanceId: 'i-running', category: 'cloud_sharedssd', status: 'Detaching' },
  },
  {
    diskId: 'd-reiniting',
    answer: 'IncorrectDiskStatus',
    why: 'status ReIniting',
    disk: { instanceId: 'i-running', status: 'ReIniting' },
  },
  {
    diskId: 'd-never-attached',
    answer: 'IncorrectDiskStatus.NeverAttached',
    why: 'created and never attached',
    disk: { everAttached: false, everUsed: false },
  },
  {
    diskId: 'd-never-used',
    answer: 'IncorrectDiskStatus.NeverUsed',
    why: 'attached but never written',
    disk: { instanceId: 'i-running', everUsed: false },
  },
  {
    diskId: 'd-instance-never-started',
    answer: 'IncorrectInstanceStatus',
    why: 'its instance has never been started',
    disk: { instanceId: 'i-never-started' },
  },
  {
    diskId: 'd-instance-starting',
    answer: 'IncorrectInstanceStatus',
    why: 'its instance is Starting (neither Stopped nor Running)',
    disk: { instanceId: 'i-starting' },
  },
  {
    diskId: 'd-new-instance-system',
    answer: 'success',
    older: 'CreateSnapshot.Failed',
    why: "the system disk of an instance created 10 minutes ago (the older page's warm-up rule; today's has none)",
    disk: { instanceId: 'i-new', type: 'system' },
  },
  {
    diskId: 'd-quota-full',
    answer: 'QuotaExceed.Snapshot',
    why: 'already keeps 256 manual snapshots',
    disk: { instanceId: 'i-running' },
  },
  {
    diskId: 'd-snapshot-in-progress',
    answer: 'IncorrectDiskStatus.CreatingSnapshot',
    why: 'a snapshot of it is still progressing',
    disk: { instanceId: 'i-running', sizeGiB: 2000 },
  },
  // Today's page: rows the older edition does not have (it answers these disks as it would any healthy one).
  {
    diskId: 'd-healthy',
    with: { ResourceGroupId: 'rg-does-not-exist' },
    answer: 'InvalidResourceGroup.NotFound',
    older: 'success',
    why: 'a ResourceGroupId the world does not list (it lists rg-capture-0001, rg-contract-0001, rg-aek2abc, rg-1, rg-acfm)',
    disk: null,
  },
  {
    diskId: 'd-healthy',
    with: { StorageLocationArn: 'acs:ecs:cn-hangzhou:1234567890123456:storagelocation/sl-not-yours' },
    answer: 'InvalidParameter.UnauthorizedStorageLocationArn',
    older: 'success',
    why: `a StorageLocationArn other than the one authorized (${AUTHORIZED_STORAGE_LOCATION_ARN})`,
    disk: null,
  },
  {
    diskId: 'd-account-postpaid-balance',
    answer: 'InvalidAccountStatus.NotEnoughBalance-postpaid',
    older: 'InvalidAccountStatus.NotEnoughBalance',
    why: 'owned by an account whose balance cannot order pay-as-you-go products',
    disk: { instanceId: 'i-running', accountId: 'acct-postpaid-balance' },
  },
  {
    diskId: 'd-account-quota-full',
    answer: 'QuotaExceed.SnapshotQuota',
    older: 'success',
    why: 'owned by an account whose snapshot quota (1) is used up',
    disk: { instanceId: 'i-running', accountId: 'acct-snapshot-quota-full' },
  },
  {
    diskId: 'd-hdd',
    with: { InstantAccess: 'true' },
    answer: 'DiskCategory.OperationNotSupported',
    older: 'success',
    why: 'InstantAccess on a disk outside the ESSD family (cloud_efficiency)',
    disk: { instanceId: 'i-running', category: 'cloud_efficiency' },
  },
  {
    diskId: 'd-kms-key-missing',
    answer: 'InvalidParameter.KMSKeyId.NotFound',
    older: 'success',
    why: 'encrypted with a KMS key that no longer exists',
    disk: { instanceId: 'i-running', encrypted: true, kmsKey: 'missing' },
  },
  {
    diskId: 'd-kms-key-disabled',
    answer: 'InvalidParameter.KMSKeyId.CMKNotEnabled',
    older: 'success',
    why: 'encrypted with a disabled KMS key',
    disk: { instanceId: 'i-running', encrypted: true, kmsKey: 'disabled' },
  },
  {
    diskId: 'd-kms-key-untagged',
    answer: 'InvalidParameter.KMSKeyId.CMKUnauthorized',
    older: 'success',
    why: 'encrypted with a KMS key that lacks the ECS tags',
    disk: { instanceId: 'i-running', encrypted: true, kmsKey: 'untagged' },
  },
  {
    diskId: 'd-no-instant-access-region',
    with: { RegionId: NO_INSTANT_ACCESS_REGION, InstantAccess: 'true' },
    answer: 'InvalidRegion.NotSupportSnapshotInstantAccessRegion',
    older: 'success',
    why: `InstantAccess on a disk of ${NO_INSTANT_ACCESS_REGION}, a region without instant access`,
    disk: { region: NO_INSTANT_ACCESS_REGION },
  },
  {
    diskId: 'd-cloudbox',
    with: { InstantAccess: 'true' },
    answer: 'CloudBoxNotSupportSnapshotWithInstantAccess',
    older: 'success',
    why: 'InstantAccess on a disk in a CloudBox',
    disk: { instanceId: 'i-running', cloudBox: true },
  },
  {
    diskId: 'd-hibernation',
    answer: 'HibernationConfigured.InstanceOperationForbidden',
    older: 'success',
    why: 'its instance is configured for hibernation',
    disk: { instanceId: 'i-hibernation' },
  },
  {
    diskId: 'd-unfinished-encrypted-copy',
    answer: 'InvalidOperation.UnfinishedEncryptedSnapshotCopy',
    older: 'success',
    why: 'an encrypted copy of one of its snapshots is still being made in another region',
    disk: { instanceId: 'i-running', encrypted: true, unfinishedEncryptedCopy: true },
  },
  {
    diskId: 'd-concurrent-quota-full',
    answer: 'QuotaExceed.ConcurrentSnapshotQuota',
    older: 'IncorrectDiskStatus.CreatingSnapshot',
    why: 'allows 1 snapshot at a time (concurrentSnapshotQuota 1) and one is progressing',
    disk: { instanceId: 'i-running', sizeGiB: 2000, concurrentSnapshotQuota: 1 },
  },
  {
    diskId: 'd-concurrent',
    answer: 'success',
    older: 'IncorrectDiskStatus.CreatingSnapshot',
    why: 'allows 3 snapshots at once (concurrentSnapshotQuota 3) and one is progressing',
    disk: { instanceId: 'i-running', sizeGiB: 2000, concurrentSnapshotQuota: 3 },
  },
  {
    diskId: 'd-concurrent',
    with: { InstantAccess: 'true' },
    answer: 'DISK_HAS_CREATING_SNAPSHOT',
    older: 'IncorrectDiskStatus.CreatingSnapshot',
    why: 'the same, with InstantAccess',
    disk: null,
  },
  {
    diskId: 'd-other-region',
    answer: 'InvalidDiskId.NotFound',
    why: `a disk of ${OTHER_REGION}, asked for in the default region (cn-hangzhou)`,
    disk: { region: OTHER_REGION },
  },
  {
    diskId: 'd-other-region',
    with: { RegionId: OTHER_REGION },
    answer: 'success',
    why: `the same, with RegionId=${OTHER_REGION} (or sent to ecs.${OTHER_REGION}.aliyuncs.com)`,
    disk: null,
  },
];

export const defaultFixtures: Fixture[] = fixtureDisks.map(({ disk: _, ...fixture }) => fixture);

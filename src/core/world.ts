/**
 * The state of a simulated CreateSnapshot service: what the documented errors depend on.
 * Field names are those of the World document (openapi/world.schema.json) that the control plane
 * reads and writes; times are epoch milliseconds of the virtual clock.
 */

import type { Edition } from '../catalogue.js';

export type InstanceStatus = 'Pending' | 'Starting' | 'Running' | 'Stopping' | 'Stopped';
export type DiskStatus =
  | 'In_use'
  | 'Available'
  | 'Attaching'
  | 'Detaching'
  | 'Creating'
  | 'ReIniting'
  | 'Transferring'
  | 'Invalid';
export type SnapshotStatus = 'progressing' | 'accomplished' | 'failed';

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** false → InvalidAccessKeyId.Inactive */
  active: boolean;
  /** false → Forbidden.RAM */
  authorized: boolean;
  /** The actions the key may call; null → every action. Without CreateSnapshot → InvalidAction.Unauthorized (today). */
  actions: string[] | null;
}

export interface Account {
  /** 'insufficientForPostpaid': cannot order pay-as-you-go products (today's second NotEnoughBalance message). */
  balance: 'sufficient' | 'insufficient' | 'insufficientForPostpaid';
  snapshotService: 'enabled' | 'disabled';
  /** Manual snapshots the account may keep over all its disks; null → no account-level quota. */
  snapshotQuota: number | null;
}

/** The state of the KMS key an encrypted disk uses. */
export type KmsKeyState = 'usable' | 'missing' | 'disabled' | 'untagged';

export interface Instance {
  instanceId: string;
  status: InstanceStatus;
  everStarted: boolean;
  /** 'security' refuses every operation (OperationLocks.LockReason); other reasons are informational. */
  lockReason: string | null;
  createdAt: number;
  /** When the system disk was last replaced, if ever. */
  systemDiskReplacedAt: number | null;
  /** Hibernation is configured: its disks cannot be snapshotted (today). */
  hibernationConfigured: boolean;
  region: string;
}

export interface Disk {
  diskId: string;
  instanceId: string | null;
  type: 'system' | 'data';
  category: string;
  sizeGiB: number;
  status: DiskStatus;
  everAttached: boolean;
  everUsed: boolean;
  expired: boolean;
  inArrears: boolean;
  /** When the disk is released (deleted with its progressing snapshots), if scheduled. */
  releaseAt: number | null;
  encrypted: boolean;
  kmsAccessible: boolean;
  multiAttach: boolean;
  /** The account that owns the disk, a key of World.accounts; null → World.account. */
  accountId: string | null;
  region: string;
  /** The KMS key of an encrypted disk (today's page has a row for each state but usable). */
  kmsKey: KmsKeyState;
  /** The disk is in a CloudBox: no instant-access snapshots. */
  cloudBox: boolean;
  /** An encrypted copy of one of its snapshots is still being made in another region. */
  unfinishedEncryptedCopy: boolean;
  /** How many snapshots of the disk may be created at once (today); null → one at a time. */
  concurrentSnapshotQuota: number | null;
}

export interface Tag {
  key: string;
  value: string;
}

export interface Snapshot {
  snapshotId: string;
  diskId: string;
  name: string | null;
  description: string | null;
  type: 'user' | 'auto';
  /** Set for snapshots whose end is decided (failed); otherwise derived from the clock, see lifecycle.ts. */
  status: SnapshotStatus;
  progress: number;
  createdAt: number;
  /** Virtual time at which progress reaches 100%. */
  completesAt: number;
  retentionDays: number | null;
  category: 'Standard' | 'Flash' | null;
  tags: Tag[];
  resourceGroupId: string | null;
  /** The region of its disk. */
  region: string;
  instantAccess: boolean;
  /** Made with InstantAccessRetentionDays (today's edition), else null: instant access then lasts RetentionDays. */
  instantAccessRetentionDays: number | null;
  /** Made with StorageLocationArn (today's edition), else null. */
  storageLocationArn: string | null;
}

export interface ClientTokenRecord {
  clientToken: string;
  /** The API parameters of the first request, canonicalised: a replay must match them. */
  fingerprint: string;
  state: 'processing' | 'done';
  snapshotId: string | null;
}

export interface World {
  now: number;
  /** The edition of the page the simulator answers; null → the simulator's (today's unless told otherwise). */
  edition: Edition | null;
  /** The region of requests that name none (no RegionId, no regional endpoint), and of resources that name none. */
  defaultRegion: string;
  /** The resource groups of the account; null → every ResourceGroupId is accepted. */
  resourceGroups: string[] | null;
  /** The StorageLocationArn values the caller may use. */
  authorizedStorageLocationArns: string[];
  /** Regions where instant access is not offered (InstantAccess=true → InvalidRegion.NotSupportSnapshotInstantAccessRegion). */
  instantAccessUnsupportedRegions: string[];
  accessKeys: AccessKey[];
  account: Account;
  accounts: Record<string, Account>;
  instances: Instance[];
  disks: Disk[];
  snapshots: Snapshot[];
  clientTokens: ClientTokenRecord[];
}

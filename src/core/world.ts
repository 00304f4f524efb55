/**
 * The state of a simulated CreateSnapshot service: what the documented errors depend on.
 * Field names are those of the World document (openapi/world.schema.json) that the control plane
 * reads and writes; times are epoch milliseconds of the virtual clock.
 */

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
}

export interface Account {
  balance: 'sufficient' | 'insufficient';
  snapshotService: 'enabled' | 'disabled';
}

export interface Instance {
  instanceId: string;
  status: InstanceStatus;
  everStarted: boolean;
  /** 'security' refuses every operation (OperationLocks.LockReason); other reasons are informational. */
  lockReason: string | null;
  createdAt: number;
  /** When the system disk was last replaced, if ever. */
  systemDiskReplacedAt: number | null;
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
  accessKeys: AccessKey[];
  account: Account;
  accounts: Record<string, Account>;
  instances: Instance[];
  disks: Disk[];
  snapshots: Snapshot[];
  clientTokens: ClientTokenRecord[];
}

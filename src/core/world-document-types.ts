/** The JSON shapes of the World document (openapi/world.schema.json): every field but the ids optional. */
import type { Edition } from '../catalogue.js';
import type {
  Account,
  ClientTokenRecord,
  Disk,
  DiskStatus,
  InstanceStatus,
  KmsKeyState,
  Snapshot,
  SnapshotStatus,
} from './world.js';

export interface AccessKeyDocument {
  accessKeyId: string;
  accessKeySecret: string;
  active?: boolean;
  authorized?: boolean;
  actions?: string[] | null;
}

export interface AccountDocument {
  balance?: Account['balance'];
  snapshotService?: Account['snapshotService'];
  snapshotQuota?: number | null;
}

export interface InstanceDocument {
  instanceId: string;
  status?: InstanceStatus;
  everStarted?: boolean;
  lockReason?: string | null;
  createdAt?: string;
  systemDiskReplacedAt?: string | null;
  hibernationConfigured?: boolean;
  region?: string;
}

export interface DiskDocument {
  diskId: string;
  instanceId?: string | null;
  type?: Disk['type'];
  category?: string;
  sizeGiB?: number;
  status?: DiskStatus;
  everAttached?: boolean;
  everUsed?: boolean;
  expired?: boolean;
  inArrears?: boolean;
  releaseAt?: string | null;
  encrypted?: boolean;
  kmsAccessible?: boolean;
  multiAttach?: boolean;
  accountId?: string | null;
  region?: string;
  kmsKey?: KmsKeyState;
  cloudBox?: boolean;
  unfinishedEncryptedCopy?: boolean;
  concurrentSnapshotQuota?: number | null;
}

export interface TagDocument {
  key: string;
  value?: string;
}

export interface SnapshotDocument {
  snapshotId: string;
  diskId: string;
  name?: string | null;
  description?: string | null;
  type?: Snapshot['type'];
  status?: SnapshotStatus;
  progress?: number;
  createdAt?: string;
  completesAt?: string;
  retentionDays?: number | null;
  category?: Snapshot['category'];
  tags?: TagDocument[];
  resourceGroupId?: string | null;
  region?: string;
  instantAccess?: boolean;
  instantAccessRetentionDays?: number | null;
  storageLocationArn?: string | null;
}

export interface ClientTokenDocument {
  clientToken: string;
  fingerprint: string;
  state?: ClientTokenRecord['state'];
  snapshotId?: string | null;
}

export interface WorldDocument {
  now?: string;
  edition?: Edition | null;
  defaultRegion?: string;
  resourceGroups?: string[] | null;
  authorizedStorageLocationArns?: string[];
  instantAccessUnsupportedRegions?: string[];
  accessKeys?: AccessKeyDocument[];
  account?: AccountDocument;
  accounts?: Record<string, AccountDocument>;
  instances?: InstanceDocument[];
  disks?: DiskDocument[];
  snapshots?: SnapshotDocument[];
  clientTokens?: ClientTokenDocument[];
}

/**
 * The World document of a {@link World}, every field written out: `parseWorldDocument` of it gives the world
 * back. Times become ISO 8601 UTC strings; lists are copied, so the document shares nothing with the state.
 */
import type { AccessKey, Account, ClientTokenRecord, Disk, Instance, Snapshot, World } from './world.js';
import type {
  AccessKeyDocument,
  AccountDocument,
  ClientTokenDocument,
  DiskDocument,
  InstanceDocument,
  SnapshotDocument,
  WorldDocument,
} from './world-document.js';
import { formatIsoTime } from './world-fields.js';

function nullableTime(ms: number | null): string | null {
  return ms === null ? null : formatIsoTime(ms);
}

/** The World document of `world`, every field written out: `parseWorldDocument` of it gives `world` back. */
export function worldToDocument(world: World): WorldDocument {
  return {
    now: formatIsoTime(world.now),
    edition: world.edition,
    defaultRegion: world.defaultRegion,
    resourceGroups: world.resourceGroups === null ? null : [...world.resourceGroups],
    authorizedStorageLocationArns: [...world.authorizedStorageLocationArns],
    instantAccessUnsupportedRegions: [...world.instantAccessUnsupportedRegions],
    accessKeys: world.accessKeys.map(accessKeyToDocument),
    account: accountToDocument(world.account),
    accounts: Object.fromEntries(Object.entries(world.accounts).map(([id, a]) => [id, accountToDocument(a)])),
    instances: world.instances.map(instanceToDocument),
    disks: world.disks.map(diskToDocument),
    snapshots: world.snapshots.map(snapshotToDocument),
    clientTokens: world.clientTokens.map(clientTokenToDocument),
  };
}

function accessKeyToDocument(k: AccessKey): AccessKeyDocument {
  return {
    accessKeyId: k.accessKeyId,
    accessKeySecret: k.accessKeySecret,
    active: k.active,
    authorized: k.authorized,
    actions: k.actions === null ? null : [...k.actions],
  };
}

function accountToDocument(a: Account): AccountDocument {
  return { balance: a.balance, snapshotService: a.snapshotService, snapshotQuota: a.snapshotQuota };
}

function instanceToDocument(i: Instance): InstanceDocument {
  return {
    instanceId: i.instanceId,
    status: i.status,
    everStarted: i.everStarted,
    lockReason: i.lockReason,
    createdAt: formatIsoTime(i.createdAt),
    systemDiskReplacedAt: nullableTime(i.systemDiskReplacedAt),
    hibernationConfigured: i.hibernationConfigured,
    region: i.region,
  };
}

function diskToDocument(d: Disk): DiskDocument {
  return {
    diskId: d.diskId,
    instanceId: d.instanceId,
    type: d.type,
    category: d.category,
    sizeGiB: d.sizeGiB,
    status: d.status,
    everAttached: d.everAttached,
    everUsed: d.everUsed,
    expired: d.expired,
    inArrears: d.inArrears,
    releaseAt: nullableTime(d.releaseAt),
    encrypted: d.encrypted,
    kmsAccessible: d.kmsAccessible,
    multiAttach: d.multiAttach,
    accountId: d.accountId,
    region: d.region,
    kmsKey: d.kmsKey,
    cloudBox: d.cloudBox,
    unfinishedEncryptedCopy: d.unfinishedEncryptedCopy,
    concurrentSnapshotQuota: d.concurrentSnapshotQuota,
  };
}

function snapshotToDocument(s: Snapshot): SnapshotDocument {
  return {
    snapshotId: s.snapshotId,
    diskId: s.diskId,
    name: s.name,
    description: s.description,
    type: s.type,
    status: s.status,
    progress: s.progress,
    createdAt: formatIsoTime(s.createdAt),
    completesAt: formatIsoTime(s.completesAt),
    retentionDays: s.retentionDays,
    category: s.category,
    tags: s.tags.map((t) => ({ key: t.key, value: t.value })),
    resourceGroupId: s.resourceGroupId,
    region: s.region,
    instantAccess: s.instantAccess,
    instantAccessRetentionDays: s.instantAccessRetentionDays,
    storageLocationArn: s.storageLocationArn,
  };
}

function clientTokenToDocument(c: ClientTokenRecord): ClientTokenDocument {
  return { clientToken: c.clientToken, fingerprint: c.fingerprint, state: c.state, snapshotId: c.snapshotId };
}

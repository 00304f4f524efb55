/**
 * The World document: the JSON form of {@link World} that the control plane (`GET/PUT /_sim/world`)
 * exchanges, described by openapi/world.schema.json. Times are ISO 8601 UTC strings; every field but
 * the ids may be left out and takes a default that makes a healthy resource.
 */

import { EDITIONS, parameterRules } from '../catalogue.js';
import { snapshotDurationMs } from './state.js';
import type {
  AccessKey,
  Account,
  ClientTokenRecord,
  Disk,
  DiskStatus,
  Instance,
  InstanceStatus,
  KmsKeyState,
  Snapshot,
  SnapshotStatus,
  Tag,
  World,
} from './world.js';
import { type Errors, type FieldReader, readObject, readStringList, report, reportDuplicates } from './world-fields.js';

export { worldToDocument } from './world-to-document.js';

export const DEFAULT_ACCESS_KEY_ID = 'LTAI5tSimulatorTestKey01';
export const DEFAULT_ACCESS_KEY_SECRET = 'SimulatorTestSecret0000000000001';

export type {
  AccessKeyDocument,
  AccountDocument,
  ClientTokenDocument,
  DiskDocument,
  InstanceDocument,
  SnapshotDocument,
  TagDocument,
  WorldDocument,
} from './world-document-types.js';

export type ParseWorldResult = { ok: true; world: World } | { ok: false; errors: string[] };

/** The values of a string union, in order; the Record makes the compiler check that none is missing. */
function valuesOf<T extends string>(all: Record<T, true>): readonly T[] {
  return Object.keys(all) as T[];
}

export const INSTANCE_STATUSES = valuesOf<InstanceStatus>({
  Pending: true,
  Starting: true,
  Running: true,
  Stopping: true,
  Stopped: true,
});
export const DISK_STATUSES = valuesOf<DiskStatus>({
  In_use: true,
  Available: true,
  Attaching: true,
  Detaching: true,
  Creating: true,
  ReIniting: true,
  Transferring: true,
  Invalid: true,
});
export const SNAPSHOT_STATUSES = valuesOf<SnapshotStatus>({ progressing: true, accomplished: true, failed: true });
const BALANCES = valuesOf<Account['balance']>({ sufficient: true, insufficient: true, insufficientForPostpaid: true });
const KMS_KEY_STATES = valuesOf<KmsKeyState>({ usable: true, missing: true, disabled: true, untagged: true });
/** A region id such as cn-hangzhou or us-west-1: what the endpoint host names. */
export const REGION = /^[a-z]{2,}(?:-[a-z0-9]+){1,3}$/;
export const DEFAULT_REGION = 'cn-hangzhou';
const REGION_RULE = 'must be a region id such as cn-hangzhou (lower-case letters, digits and hyphens)';
/** Bounds of the World's lists of plain ids (resource groups, ARNs, regions, actions). */
const MAX_LIST = 10_000;
const stringList = (
  r: FieldReader,
  name: string,
  fallback: string[] | null,
  nullable: boolean,
  pattern?: RegExp,
  rule?: string,
) =>
  readStringList(r, name, {
    fallback,
    nullable,
    max: MAX_LIST,
    ...(pattern ? { pattern } : {}),
    ...(rule ? { rule } : {}),
  });
const SERVICE_STATES = valuesOf<Account['snapshotService']>({ enabled: true, disabled: true });
const DISK_TYPES = valuesOf<Disk['type']>({ system: true, data: true });
const SNAPSHOT_TYPES = valuesOf<Snapshot['type']>({ user: true, auto: true });
const SNAPSHOT_CATEGORIES = valuesOf<NonNullable<Snapshot['category']>>({ Standard: true, Flash: true });
const TOKEN_STATES = valuesOf<ClientTokenRecord['state']>({ processing: true, done: true });

const DAY_MS = 86_400_000;
const MAX_SIZE_GIB = 65_536;
const DEFAULT_SIZE_GIB = 40;
const CATEGORY = /^[a-z_]+$/;

function defaultAccount(): Account {
  return { balance: 'sufficient', snapshotService: 'enabled', snapshotQuota: null };
}

function defaultAccessKeys(): AccessKey[] {
  return [
    {
      accessKeyId: DEFAULT_ACCESS_KEY_ID,
      accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
      active: true,
      authorized: true,
      actions: null,
    },
  ];
}

/**
 * Validates a World document and applies its defaults. `now` is the simulator's current time, used
 * when the document has no `now`. Every problem is reported, each naming the field's path.
 */
export function parseWorldDocument(input: unknown, now: number): ParseWorldResult {
  const errors: Errors = [];
  const world = readObject(input, '', errors, (root) => readWorld(root, now));
  return world && errors.length === 0 ? { ok: true, world } : { ok: false, errors };
}

function readWorld(root: FieldReader, simulatorNow: number): World {
  const now = root.time('now', simulatorNow);
  const edition = root.nullableOneOf('edition', EDITIONS, null);
  const defaultRegion = root.matching('defaultRegion', REGION, REGION_RULE, DEFAULT_REGION);
  const resourceGroups = stringList(root, 'resourceGroups', null, true);
  const authorizedStorageLocationArns = stringList(root, 'authorizedStorageLocationArns', [], false) ?? [];
  const instantAccessUnsupportedRegions =
    stringList(root, 'instantAccessUnsupportedRegions', [], false, REGION, 'a region id such as cn-hangzhou') ?? [];
  const accessKeys = readCollection(root, 'accessKeys', 'accessKeyId', readAccessKey) ?? defaultAccessKeys();
  const account = root.object('account', defaultAccount(), readAccount);
  const accounts = readAccounts(root);
  const instances = readCollection(root, 'instances', 'instanceId', (r) => readInstance(r, now, defaultRegion)) ?? [];
  const disks = readCollection(root, 'disks', 'diskId', (r) => readDisk(r, accounts, defaultRegion)) ?? [];
  const sizes = new Map<string, number>();
  const regions = new Map<string, string>();
  for (const disk of disks) {
    if (!sizes.has(disk.diskId)) sizes.set(disk.diskId, disk.sizeGiB);
    if (!regions.has(disk.diskId)) regions.set(disk.diskId, disk.region);
  }
  const snapshots =
    readCollection(root, 'snapshots', 'snapshotId', (r) => readSnapshot(r, now, sizes, regions, defaultRegion)) ?? [];
  const clientTokens = readCollection(root, 'clientTokens', 'clientToken', readClientToken) ?? [];
  return {
    now,
    edition,
    defaultRegion,
    resourceGroups,
    authorizedStorageLocationArns,
    instantAccessUnsupportedRegions,
    accessKeys,
    account,
    accounts,
    instances,
    disks,
    snapshots,
    clientTokens,
  };
}

/** An optional array of objects with a unique id field; undefined when absent. */
function readCollection<K extends string, T extends Record<K, string>>(
  parent: FieldReader,
  name: string,
  idName: K,
  parse: (reader: FieldReader) => T,
): T[] | undefined {
  const elements = parent.array(name);
  if (!elements) return undefined;
  const read: { item: T; path: string }[] = [];
  for (const { value, path } of elements) {
    const item = readObject(value, path, parent.errors, parse);
    if (item) read.push({ item, path });
  }
  const keyed = read.map(({ item, path }) => ({ key: item[idName], path }));
  reportDuplicates(parent.errors, parent.pathOf(name), keyed, idName);
  return read.map(({ item }) => item);
}

function readAccessKey(r: FieldReader): AccessKey {
  return {
    accessKeyId: r.id('accessKeyId'),
    accessKeySecret: r.id('accessKeySecret'),
    active: r.boolean('active', true),
    authorized: r.boolean('authorized', true),
    actions: stringList(r, 'actions', null, true),
  };
}

function readAccount(r: FieldReader): Account {
  return {
    balance: r.oneOf('balance', BALANCES, 'sufficient'),
    snapshotService: r.oneOf('snapshotService', SERVICE_STATES, 'enabled'),
    snapshotQuota: r.nullableInteger('snapshotQuota', 0, 1_000_000_000, null),
  };
}

function readAccounts(root: FieldReader): Record<string, Account> {
  const entries: [string, Account][] = [];
  for (const { key, value, path } of root.map('accounts') ?? []) {
    if (key === '') report(root.errors, root.pathOf('accounts'), 'an account id must be a non-empty string');
    const account = readObject(value, path, root.errors, readAccount);
    if (account) entries.push([key, account]);
  }
  // fromEntries defines own properties, so that even an id such as "__proto__" stays a plain key.
  return Object.fromEntries(entries);
}

function readInstance(r: FieldReader, now: number, defaultRegion: string): Instance {
  return {
    instanceId: r.id('instanceId'),
    status: r.oneOf('status', INSTANCE_STATUSES, 'Running'),
    everStarted: r.boolean('everStarted', true),
    lockReason: r.nullableString('lockReason', null),
    createdAt: r.time('createdAt', now - 30 * DAY_MS),
    systemDiskReplacedAt: r.nullableTime('systemDiskReplacedAt', null),
    hibernationConfigured: r.boolean('hibernationConfigured', false),
    region: r.matching('region', REGION, REGION_RULE, defaultRegion),
  };
}

function readDisk(r: FieldReader, accounts: Record<string, Account>, defaultRegion: string): Disk {
  const diskId = r.id('diskId');
  const instanceId = r.nullableString('instanceId', null);
  const disk: Disk = {
    diskId,
    instanceId,
    type: r.oneOf('type', DISK_TYPES, 'data'),
    category: r.matching(
      'category',
      CATEGORY,
      'must be lowercase letters and underscores, such as cloud_essd',
      'cloud_essd',
    ),
    sizeGiB: r.integer('sizeGiB', 1, MAX_SIZE_GIB, DEFAULT_SIZE_GIB),
    status: r.oneOf('status', DISK_STATUSES, instanceId === null ? 'Available' : 'In_use'),
    everAttached: r.boolean('everAttached', true),
    everUsed: r.boolean('everUsed', true),
    expired: r.boolean('expired', false),
    inArrears: r.boolean('inArrears', false),
    releaseAt: r.nullableTime('releaseAt', null),
    encrypted: r.boolean('encrypted', false),
    kmsAccessible: r.boolean('kmsAccessible', true),
    multiAttach: r.boolean('multiAttach', false),
    accountId: r.nullableString('accountId', null),
    region: r.matching('region', REGION, REGION_RULE, defaultRegion),
    kmsKey: r.oneOf('kmsKey', KMS_KEY_STATES, 'usable'),
    cloudBox: r.boolean('cloudBox', false),
    unfinishedEncryptedCopy: r.boolean('unfinishedEncryptedCopy', false),
    concurrentSnapshotQuota: r.nullableInteger('concurrentSnapshotQuota', 1, 1_000, null),
  };
  if (disk.accountId !== null && !Object.hasOwn(accounts, disk.accountId)) {
    report(r.errors, r.pathOf('accountId'), `no account ${JSON.stringify(disk.accountId)} in accounts`);
  }
  return disk;
}

function readSnapshot(
  r: FieldReader,
  now: number,
  sizes: ReadonlyMap<string, number>,
  regions: ReadonlyMap<string, string>,
  defaultRegion: string,
): Snapshot {
  const snapshotId = r.id('snapshotId');
  const diskId = r.id('diskId');
  const name = r.nullableString('name', null);
  const description = r.nullableString('description', null);
  const type = r.oneOf('type', SNAPSHOT_TYPES, 'user');
  const status = r.oneOf('status', SNAPSHOT_STATUSES, 'accomplished');
  const progress = r.integer('progress', 0, 100, status === 'accomplished' ? 100 : 0);
  // A progressing snapshot goes linearly from createdAt (0 %) to completesAt (100 %) (state.ts, snapshotAt):
  // the defaults put it at `progress` % now.
  const duration = snapshotDurationMs(sizes.get(diskId) ?? DEFAULT_SIZE_GIB);
  const progressing = status === 'progressing';
  const createdAt = r.time('createdAt', progressing ? now - Math.round((progress * duration) / 100) : now - DAY_MS);
  const completesAt = r.time(
    'completesAt',
    !progressing
      ? createdAt
      : progress > 0
        ? Math.max(now + 1, createdAt + Math.round(((now - createdAt) * 100) / progress))
        : now + duration,
  );
  return {
    snapshotId,
    diskId,
    name,
    description,
    type,
    status,
    progress,
    createdAt,
    completesAt,
    retentionDays: r.nullableInteger('retentionDays', 1, 65_536, null),
    category: r.nullableOneOf('category', SNAPSHOT_CATEGORIES, null),
    tags: readTags(r),
    resourceGroupId: r.nullableString('resourceGroupId', null),
    region: r.matching('region', REGION, REGION_RULE, regions.get(diskId) ?? defaultRegion),
    instantAccess: r.boolean('instantAccess', false),
    instantAccessRetentionDays: r.nullableInteger(
      'instantAccessRetentionDays',
      parameterRules.InstantAccessRetentionDays.minimum,
      parameterRules.InstantAccessRetentionDays.maximum,
      null,
    ),
    storageLocationArn: r.nullableString('storageLocationArn', null),
  };
}

function readTags(r: FieldReader): Tag[] {
  const tags: Tag[] = [];
  const keyed: { key: string; path: string }[] = [];
  for (const { value, path } of r.array('tags') ?? []) {
    const tag = readObject(value, path, r.errors, (t) => ({ key: t.id('key'), value: t.string('value', '') }));
    if (!tag) continue;
    tags.push(tag);
    keyed.push({ key: tag.key, path });
  }
  reportDuplicates(r.errors, r.pathOf('tags'), keyed, 'key');
  return tags;
}

function readClientToken(r: FieldReader): ClientTokenRecord {
  return {
    clientToken: r.id('clientToken'),
    fingerprint: r.requiredString('fingerprint'),
    state: r.oneOf('state', TOKEN_STATES, 'done'),
    snapshotId: r.nullableString('snapshotId', null),
  };
}

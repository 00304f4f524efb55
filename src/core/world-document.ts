/**
 * The World document: the JSON form of {@link World} that the control plane (`GET/PUT /_sim/world`)
 * exchanges, described by openapi/world.schema.json. Times are ISO 8601 UTC strings; every field but
 * the ids may be left out and takes a default that makes a healthy resource.
 */

import { EDITIONS, type Edition } from '../catalogue.js';
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
import { type Errors, type FieldReader, formatIsoTime, readObject, report, reportDuplicates } from './world-fields.js';

export const DEFAULT_ACCESS_KEY_ID = 'LTAI5tSimulatorTestKey01';
export const DEFAULT_ACCESS_KEY_SECRET = 'SimulatorTestSecret0000000000001';

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

/** An optional list of non-empty strings (at most MAX_LIST), each matching `pattern` when given. */
function stringList(
  r: FieldReader,
  name: string,
  fallback: string[] | null,
  nullable: boolean,
  pattern?: RegExp,
  rule = 'a non-empty string',
): string[] | null {
  const value = r.raw(name);
  if (value === undefined) return fallback;
  if (value === null && nullable) return null;
  if (!Array.isArray(value) || value.length > MAX_LIST) {
    r.fail(name, `must be an array of at most ${MAX_LIST} strings${nullable ? ', or null' : ''}`, value);
    return fallback;
  }
  const list: string[] = [];
  value.forEach((v, i) => {
    if (typeof v === 'string' && v !== '' && (pattern === undefined || pattern.test(v))) list.push(v);
    else report(r.errors, `${r.pathOf(name)}[${i}]`, `must be ${rule} (got ${JSON.stringify(v)})`);
  });
  return list;
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
  };
}

function clientTokenToDocument(c: ClientTokenRecord): ClientTokenDocument {
  return { clientToken: c.clientToken, fingerprint: c.fingerprint, state: c.state, snapshotId: c.snapshotId };
}

/**
 * The preconditions of CreateSnapshot on the world, one function per check of the catalogue
 * (stage "preconditions"), run in the order the catalogue gives for the edition answered: the first
 * that holds answers.
 */
import { assumptions, type CatalogueEntry, checksOf, EDITIONS, type Edition } from '../catalogue.js';
import type { CreateSnapshotInput } from './create-snapshot-input.js';
import type { SimError } from './errors.js';
import type { State } from './state.js';
import type { Disk, Instance } from './world.js';

export interface PreconditionContext {
  state: State;
  now: number;
  input: CreateSnapshotInput;
  /** The region the request is for: its RegionId, else its endpoint's, else the world's default. */
  region: string;
  /** Present from the second check on (the first is the disk's existence). */
  disk: Disk;
  /** The instance the disk is attached to, when it exists. */
  instance: Instance | undefined;
}

const categories = assumptions.diskCategories;
const inList = (list: readonly string[], value: string) => list.includes(value);
const shared = (d: Disk) => inList(categories.sharedBlockStorage, d.category);
const attachedTo = (c: PreconditionContext) => c.disk.instanceId !== null && c.instance !== undefined;
const usable = (d: Disk) => d.status === 'In_use' || d.status === 'Available';
const instanceReady = (i: Instance) => i.status === 'Stopped' || i.status === 'Running';
const kms = (c: PreconditionContext, state: Disk['kmsKey']) => c.disk.encrypted && c.disk.kmsKey === state;
const concurrent = (c: PreconditionContext) => c.disk.concurrentSnapshotQuota;

/** Each returns true when its error applies, or the values of the message's `%s`, in order. */
export const preconditionChecks = {
  'disk.notFound': (c) => !c.state.disks.has(c.input.diskId) || c.disk.region !== c.region,
  'resourceGroup.notFound': (c) =>
    c.input.resourceGroupId !== null &&
    c.state.resourceGroups !== null &&
    !c.state.resourceGroups.has(c.input.resourceGroupId),
  'account.snapshotServiceDisabled': (c) => c.state.accountOf(c.disk).snapshotService === 'disabled',
  'account.insufficientBalanceForPostpaid': (c) => c.state.accountOf(c.disk).balance === 'insufficientForPostpaid',
  // The older edition has one message for both kinds of insufficient balance.
  'account.insufficientBalance': (c) => c.state.accountOf(c.disk).balance !== 'sufficient',
  'account.snapshotQuota': (c) => {
    const account = c.state.accountOf(c.disk);
    return account.snapshotQuota !== null && c.state.accountSnapshotCount(account) >= account.snapshotQuota;
  },
  'disk.category.notSupported': (c) => inList(categories.operationNotSupported, c.disk.category),
  'disk.instantAccess.notEssd': (c) => c.input.instantAccess && !inList(categories.essdFamily, c.disk.category),
  'disk.storageType.notSupported': (c) => inList(categories.valueNotSupported, c.disk.category),
  'disk.multiAttach': (c) => c.disk.multiAttach,
  'disk.inArrears': (c) => c.disk.inArrears,
  'disk.kmsKey.notFound': (c) => kms(c, 'missing'),
  'disk.kmsKey.notEnabled': (c) => kms(c, 'disabled'),
  'disk.kmsKey.untagged': (c) => kms(c, 'untagged'),
  'disk.kmsUnauthorized': (c) => c.disk.encrypted && !c.disk.kmsAccessible,
  'storageLocation.unauthorized': (c) =>
    c.input.storageLocationArn !== null && !c.state.authorizedStorageLocationArns.has(c.input.storageLocationArn),
  'region.instantAccessUnsupported': (c) =>
    c.input.instantAccess && c.state.instantAccessUnsupportedRegions.has(c.disk.region),
  'disk.cloudBox.instantAccess': (c) => c.input.instantAccess && c.disk.cloudBox,
  'volume.notFound': (c) => shared(c.disk) && c.disk.instanceId !== null && c.instance === undefined,
  'instance.notFound': (c) => c.disk.instanceId !== null && c.instance === undefined,
  'instance.securityLock': (c) => c.instance?.lockReason === 'security',
  'instance.hibernationConfigured': (c) => c.instance?.hibernationConfigured === true,
  'disk.status.transferring': (c) => c.disk.status === 'Transferring',
  'disk.status.invalid': (c) => c.disk.status === 'Invalid',
  'volume.status': (c) => shared(c.disk) && !usable(c.disk),
  'disk.status': (c) => !usable(c.disk),
  'disk.neverAttached': (c) => !c.disk.everAttached,
  'disk.neverUsed': (c) => !c.disk.everUsed,
  'instance.neverStarted': (c) => attachedTo(c) && !c.instance?.everStarted,
  'instance.status': (c) => attachedTo(c) && c.instance !== undefined && !instanceReady(c.instance),
  'instance.warmingUp': (c) => {
    if (c.disk.type !== 'system' || c.instance === undefined) return false;
    const since = Math.max(c.instance.createdAt, c.instance.systemDiskReplacedAt ?? Number.NEGATIVE_INFINITY);
    return c.now - since < assumptions.instanceWarmupSeconds * 1000;
  },
  'disk.unfinishedEncryptedCopy': (c) => c.disk.unfinishedEncryptedCopy,
  'disk.snapshotQuota': (c) => c.state.userSnapshotCount(c.input.diskId) >= assumptions.manualSnapshotQuota,
  'disk.concurrentSnapshotQuota': (c) => {
    const quota = concurrent(c);
    return quota !== null && c.state.progressingCount(c.input.diskId, c.now) >= quota
      ? [c.input.diskId, String(quota)]
      : false;
  },
  'disk.instantAccess.whileCreating': (c) =>
    concurrent(c) !== null && c.input.instantAccess && c.state.progressingCount(c.input.diskId, c.now) > 0,
  'disk.snapshotInProgress': (c) => c.state.snapshotInProgress(c.input.diskId, c.now) !== null,
  // Today's edition lets a disk with a concurrentSnapshotQuota have several snapshots progressing.
  'disk.snapshotInProgress.oneAtATime': (c) =>
    concurrent(c) === null && c.state.snapshotInProgress(c.input.diskId, c.now) !== null,
} satisfies Record<string, (c: PreconditionContext) => boolean | string[]>;

type Check = (c: PreconditionContext) => boolean | string[];
interface Ordered {
  check: string;
  holds: Check;
  entry: CatalogueEntry;
}
const plans = Object.fromEntries(
  EDITIONS.map((edition) => [
    edition,
    checksOf('preconditions', edition).map(({ check, entry }): Ordered => {
      const holds = (preconditionChecks as Record<string, Check>)[check];
      if (holds === undefined)
        throw new Error(`No implementation of the precondition check ${check} named in the catalogue`);
      return { check, holds, entry };
    }),
  ]),
) as Record<Edition, Ordered[]>;
const diskNotFound = (plans[EDITIONS[0] as Edition] as Ordered[]).find((c) => c.check === 'disk.notFound')?.entry;

/** The first documented error whose precondition holds, or undefined when the snapshot may be created. */
export function failedPrecondition(
  state: State,
  input: CreateSnapshotInput,
  region: string,
  now: number,
  edition: Edition,
): SimError | undefined {
  const disk = state.disks.get(input.diskId);
  if (disk === undefined) return diskNotFound && { id: diskNotFound.id };
  const instance = disk.instanceId === null ? undefined : state.instances.get(disk.instanceId);
  const context: PreconditionContext = { state, now, input, region, disk, instance };
  for (const { check, holds, entry } of plans[edition]) {
    const held = holds(context);
    if (held === false) continue;
    return held === true ? { id: entry.id, check } : { id: entry.id, args: held, check };
  }
  return undefined;
}

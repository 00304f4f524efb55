/**
 * The preconditions of CreateSnapshot on the world, one function per check of the catalogue
 * (stage "preconditions"), run in the catalogue's order: the first that holds answers.
 */
import { assumptions, type CatalogueEntry, checksOf } from '../catalogue.js';
import type { State } from './state.js';
import type { Disk, Instance } from './world.js';

export interface PreconditionContext {
  state: State;
  now: number;
  diskId: string;
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

/** Each returns true when its error applies. */
export const preconditionChecks = {
  'disk.notFound': (c) => !c.state.disks.has(c.diskId),
  'account.snapshotServiceDisabled': (c) => c.state.accountOf(c.disk).snapshotService === 'disabled',
  'account.insufficientBalance': (c) => c.state.accountOf(c.disk).balance === 'insufficient',
  'disk.category.notSupported': (c) => inList(categories.operationNotSupported, c.disk.category),
  'disk.storageType.notSupported': (c) => inList(categories.valueNotSupported, c.disk.category),
  'disk.multiAttach': (c) => c.disk.multiAttach,
  'disk.inArrears': (c) => c.disk.inArrears,
  'disk.kmsUnauthorized': (c) => c.disk.encrypted && !c.disk.kmsAccessible,
  'volume.notFound': (c) => shared(c.disk) && c.disk.instanceId !== null && c.instance === undefined,
  'instance.notFound': (c) => c.disk.instanceId !== null && c.instance === undefined,
  'instance.securityLock': (c) => c.instance?.lockReason === 'security',
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
  'disk.snapshotQuota': (c) => c.state.userSnapshotCount(c.diskId) >= assumptions.manualSnapshotQuota,
  'disk.snapshotInProgress': (c) => c.state.snapshotInProgress(c.diskId, c.now) !== null,
} satisfies Record<string, (c: PreconditionContext) => boolean>;

type Check = (c: PreconditionContext) => boolean;
const ordered: Array<{ check: string; holds: Check; entry: CatalogueEntry }> = checksOf('preconditions').map(
  ({ check, entry }) => {
    const holds = (preconditionChecks as Record<string, Check>)[check];
    if (holds === undefined)
      throw new Error(`No implementation of the precondition check ${check} named in the catalogue`);
    return { check, holds, entry };
  },
);
const diskNotFound = ordered.find((c) => c.check === 'disk.notFound')?.entry;

/** The first documented error whose precondition holds, or undefined when the snapshot may be created. */
export function failedPrecondition(state: State, diskId: string, now: number): CatalogueEntry | undefined {
  const disk = state.disks.get(diskId);
  if (disk === undefined) return diskNotFound;
  const instance = disk.instanceId === null ? undefined : state.instances.get(disk.instanceId);
  const context: PreconditionContext = { state, now, diskId, disk, instance };
  for (const { holds, entry } of ordered) if (holds(context)) return entry;
  return undefined;
}

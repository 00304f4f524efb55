/**
 * The world held in memory for fast answers: maps by id and, per disk, the counts the checks need,
 * so that a world of a million snapshots answers as fast as an empty one.
 */

import type { Edition } from '../catalogue.js';
import { assumptions } from '../catalogue.js';
import type { AccessKey, Account, ClientTokenRecord, Disk, Instance, Snapshot, World } from './world.js';

interface DiskSnapshots {
  /** Manual snapshots kept (type "user"): the 256 quota counts these only. */
  userCount: number;
  /** The latest snapshot that may still be progressing. */
  latest: Snapshot | null;
  /**
   * Snapshots that may still be progressing, for disks that allow several at once (concurrentSnapshotQuota);
   * pruned as they finish, so it holds at most the quota's worth (1,000 at most) plus those a world document gave.
   */
  active: Snapshot[] | null;
}

const DAY_MS = 86_400_000;

export function snapshotDurationMs(sizeGiB: number): number {
  const { baseSeconds, secondsPerGiB } = assumptions.snapshotDuration;
  return (baseSeconds + sizeGiB * secondsPerGiB) * 1000;
}

/**
 * Status and progress at time `now`: a progressing snapshot goes linearly from 0% at createdAt to
 * 100% at completesAt, and is accomplished from then on, without anything having to update it.
 */
export function snapshotAt(s: Snapshot, now: number): Pick<Snapshot, 'status' | 'progress'> {
  if (s.status !== 'progressing') return { status: s.status, progress: s.progress };
  if (now >= s.completesAt) return { status: 'accomplished', progress: 100 };
  const fraction = (now - s.createdAt) / Math.max(1, s.completesAt - s.createdAt);
  return { status: 'progressing', progress: Math.min(99, Math.max(0, Math.floor(100 * fraction))) };
}

/** A due change of the world: a snapshot's retention ends, a disk is released, a ClientToken record expires. */
interface Due {
  at: number;
  kind: 'retention' | 'release' | 'token';
  id: string;
}

export class State {
  readonly accessKeys = new Map<string, AccessKey>();
  account: Account;
  readonly accounts = new Map<string, Account>();
  readonly instances = new Map<string, Instance>();
  readonly disks = new Map<string, Disk>();
  readonly snapshots = new Map<string, Snapshot>();
  readonly clientTokens = new Map<string, ClientTokenRecord>();
  readonly edition: Edition | null;
  readonly defaultRegion: string;
  readonly resourceGroups: ReadonlySet<string> | null;
  readonly authorizedStorageLocationArns: ReadonlySet<string>;
  readonly instantAccessUnsupportedRegions: ReadonlySet<string>;
  /** When the records made by requests expire (x-assumptions.clientTokens.ttlSeconds); loaded ones do not. */
  readonly #tokenExpiry = new Map<string, number>();
  /** ClientToken → when its record expires, for the records requests made (to be saved with the world). */
  get tokenExpiry(): ReadonlyMap<string, number> {
    return this.#tokenExpiry;
  }
  readonly #perDisk = new Map<string, DiskSnapshots>();
  /** A binary min-heap on `at`. */
  readonly #due: Due[] = [];

  constructor(world: World) {
    this.edition = world.edition;
    this.defaultRegion = world.defaultRegion;
    this.resourceGroups = world.resourceGroups === null ? null : new Set(world.resourceGroups);
    this.authorizedStorageLocationArns = new Set(world.authorizedStorageLocationArns);
    this.instantAccessUnsupportedRegions = new Set(world.instantAccessUnsupportedRegions);
    this.account = world.account;
    for (const k of world.accessKeys) this.accessKeys.set(k.accessKeyId, k);
    for (const [id, a] of Object.entries(world.accounts)) this.accounts.set(id, a);
    for (const i of world.instances) this.instances.set(i.instanceId, i);
    for (const d of world.disks) this.addDisk(d);
    for (const s of world.snapshots) this.addSnapshot(s);
    for (const t of world.clientTokens) this.clientTokens.set(t.clientToken, t);
  }

  addDisk(d: Disk): void {
    this.disks.set(d.diskId, d);
    if (d.releaseAt !== null) this.#schedule({ at: d.releaseAt, kind: 'release', id: d.diskId });
  }

  addSnapshot(s: Snapshot): void {
    this.snapshots.set(s.snapshotId, s);
    const per = this.#disk(s.diskId);
    if (s.type === 'user') per.userCount++;
    if (s.status === 'progressing' && (per.latest === null || s.createdAt >= per.latest.createdAt)) per.latest = s;
    if (s.status === 'progressing' && this.disks.get(s.diskId)?.concurrentSnapshotQuota != null) {
      per.active ??= [];
      per.active.push(s);
    }
    if (s.retentionDays !== null)
      this.#schedule({ at: s.createdAt + s.retentionDays * DAY_MS, kind: 'retention', id: s.snapshotId });
  }

  deleteSnapshot(id: string): void {
    const s = this.snapshots.get(id);
    if (s === undefined) return;
    this.snapshots.delete(id);
    const per = this.#disk(s.diskId);
    if (s.type === 'user') per.userCount--;
    if (per.latest === s) per.latest = null;
    if (per.active !== null) per.active = per.active.filter((a) => a !== s);
  }

  /** How many snapshots of a disk that allows several at once are progressing at `now`. */
  progressingCount(diskId: string, now: number): number {
    const per = this.#perDisk.get(diskId);
    if (per?.active == null) return 0;
    per.active = per.active.filter((s) => snapshotAt(s, now).status === 'progressing');
    return per.active.length;
  }

  /** Manual snapshots kept over every disk of an account (only asked for accounts with a snapshotQuota). */
  accountSnapshotCount(account: Account): number {
    let count = 0;
    for (const disk of this.disks.values())
      if (this.accountOf(disk) === account) count += this.userSnapshotCount(disk.diskId);
    return count;
  }

  /** The record of `token`, unless it expired by `now`. */
  clientToken(token: string, now: number): ClientTokenRecord | undefined {
    const at = this.#tokenExpiry.get(token);
    if (at !== undefined && at <= now) this.#forgetToken(token);
    return this.clientTokens.get(token);
  }

  /** Records `record`; one made by a request (`expiresAt` given) is forgotten then. */
  setClientToken(record: ClientTokenRecord, expiresAt?: number): void {
    this.clientTokens.set(record.clientToken, record);
    if (expiresAt === undefined) {
      this.#tokenExpiry.delete(record.clientToken);
      return;
    }
    this.#tokenExpiry.set(record.clientToken, expiresAt);
    this.#schedule({ at: expiresAt, kind: 'token', id: record.clientToken });
  }

  #forgetToken(token: string): void {
    this.clientTokens.delete(token);
    this.#tokenExpiry.delete(token);
  }

  userSnapshotCount(diskId: string): number {
    return this.#perDisk.get(diskId)?.userCount ?? 0;
  }

  snapshotInProgress(diskId: string, now: number): Snapshot | null {
    const latest = this.#perDisk.get(diskId)?.latest ?? null;
    return latest !== null && snapshotAt(latest, now).status === 'progressing' ? latest : null;
  }

  accountOf(disk: Disk): Account {
    return (disk.accountId === null ? undefined : this.accounts.get(disk.accountId)) ?? this.account;
  }

  /**
   * Applies every change due by `now`: retention releases snapshots; a disk's release deletes the disk
   * and, as the page says, its snapshots still being created.
   */
  settle(now: number): void {
    while (this.#due.length > 0 && (this.#due[0] as Due).at <= now) {
      const due = this.#pop();
      if (due.kind === 'retention') {
        this.deleteSnapshot(due.id);
        continue;
      }
      if (due.kind === 'token') {
        // Only the expiry still set for the token: a later record of the same token has its own.
        if (this.#tokenExpiry.get(due.id) === due.at) this.#forgetToken(due.id);
        continue;
      }
      const disk = this.disks.get(due.id);
      if (disk === undefined || disk.releaseAt === null || disk.releaseAt > now) continue;
      this.disks.delete(due.id);
      const progressing = this.snapshotInProgress(due.id, due.at);
      if (progressing !== null) this.deleteSnapshot(progressing.snapshotId);
    }
  }

  toWorld(now: number): World {
    return {
      now,
      edition: this.edition,
      defaultRegion: this.defaultRegion,
      resourceGroups: this.resourceGroups === null ? null : [...this.resourceGroups],
      authorizedStorageLocationArns: [...this.authorizedStorageLocationArns],
      instantAccessUnsupportedRegions: [...this.instantAccessUnsupportedRegions],
      accessKeys: [...this.accessKeys.values()],
      account: this.account,
      accounts: Object.fromEntries(this.accounts),
      instances: [...this.instances.values()],
      disks: [...this.disks.values()],
      snapshots: [...this.snapshots.values()].map((s) => ({ ...s, ...snapshotAt(s, now) })),
      clientTokens: [...this.clientTokens.values()],
    };
  }

  #disk(diskId: string): DiskSnapshots {
    let per = this.#perDisk.get(diskId);
    if (per === undefined) {
      per = { userCount: 0, latest: null, active: null };
      this.#perDisk.set(diskId, per);
    }
    return per;
  }

  #schedule(due: Due): void {
    const heap = this.#due;
    heap.push(due);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as Due).at <= due.at) break;
      heap[i] = heap[parent] as Due;
      i = parent;
    }
    heap[i] = due;
  }

  #pop(): Due {
    const heap = this.#due;
    const top = heap[0] as Due;
    const last = heap.pop() as Due;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        const at = (k: number) => (k === i ? last.at : (heap[k] as Due).at);
        if (l < heap.length && at(l) < at(m)) m = l;
        if (r < heap.length && at(r) < at(m)) m = r;
        if (m === i) break;
        heap[i] = heap[m] as Due;
        i = m;
      }
      heap[i] = last;
    }
    return top;
  }
}

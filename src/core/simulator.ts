/**
 * A simulated CreateSnapshot service: the world, its virtual clock, faults, nonces and journal, and the
 * operation itself. Pure: no HTTP here; the protocol layer turns requests into calls of this.
 */
import { assumptions, DEFAULT_EDITION, EDITIONS, type Edition, isEdition } from '../catalogue.js';
import { type Clock, VirtualClock } from './clock.js';
import {
  type CreateSnapshotInput,
  fingerprint,
  parseCreateSnapshotInput,
  type RawParameters,
} from './create-snapshot-input.js';
import { defaultWorldDocument } from './default-world.js';
import { fail, type Result } from './errors.js';
import { Faults } from './faults.js';
import { type IdSource, uniqueIds } from './ids.js';
import { Journal } from './journal.js';
import { NonceCache } from './nonces.js';
import { failedPrecondition } from './preconditions.js';
import { State, snapshotDurationMs } from './state.js';
import { isTestKey, recordsOf, TEST_KEY_PREFIX, Tenants, withTestKey } from './tenants.js';
import type { ClientTokenRecord, Snapshot, World } from './world.js';
import { DEFAULT_ACCESS_KEY_ID, parseWorldDocument } from './world-document.js';

export interface SimulatorOptions {
  /** The clock requests are signed against; the world's clock starts from it. Default: the system clock (`Date`). */
  wallClock?: Clock;
  /** The world to start from, and to go back to on reset; the default world when absent. */
  initialWorld?: (now: number) => World;
  /** Unique across processes by default ({@link uniqueIds}); `seededIds()` gives the same ids on every run. */
  ids?: IdSource;
  journalCapacity?: number;
  /** Told of every change of the world that a client may be told about; see {@link WorldChange}. */
  onChange?: (change: WorldChange) => void;
  /** The edition of the page to answer when the world names none: today's (`2025-01-03`) by default. */
  edition?: Edition;
}

/** Where a request came from, as far as the operation cares. */
export interface RequestContext {
  /** The region asked for: the RegionId parameter, else the endpoint host's; null → the world's defaultRegion. */
  region?: string | null;
}

/**
 * A change of the world, told synchronously to `Simulator.onChange` before the operation that made it
 * returns (so before any answer goes out), for a persistence layer to record it. Snapshot progress and
 * releases (retention, disk release) follow from time and the world, so they are no changes.
 */
export type WorldChange =
  /** CreateSnapshot made a snapshot (and completed its ClientToken's record, if any). Already applied. */
  | { type: 'snapshot-created'; snapshot: Snapshot; clientToken: ClientTokenRecord | null }
  /** The whole world was replaced: load() (PUT /_sim/world, provider states) or reset(). Read it with world(). */
  | { type: 'world-replaced' }
  /** The control plane moved the virtual clock to `now`. */
  | { type: 'clock-moved'; now: number };

/** The virtual clock, telling its simulator when it is moved (control plane: advance, set). */
class ObservedClock extends VirtualClock {
  constructor(
    wall: Clock,
    private readonly moved: () => void,
  ) {
    super(wall);
  }

  override advance(ms: number): number {
    const now = super.advance(ms);
    this.moved();
    return now;
  }

  override set(t: number): number {
    const now = super.set(t);
    this.moved();
    return now;
  }
}

/** The default world, parsed; it is valid by construction, so a failure here is a bug of default-world.ts. */
export function defaultWorld(now: number): World {
  const parsed = parseWorldDocument(defaultWorldDocument(now), now);
  if (!parsed.ok) throw new Error(`The default world is invalid:\n${parsed.errors.join('\n')}`);
  return parsed.world;
}

/** A request that passed the parameter and idempotency checks and holds its ClientToken, if any. */
export interface Pending {
  input: CreateSnapshotInput;
  fingerprint: string;
  /** The region the request is for (resolved against the world when it was prepared). */
  region: string;
  /** The world the ClientToken is held in: if the world is replaced meanwhile, the hold went with it. */
  heldIn: State;
}

export class Simulator {
  readonly wallClock: Clock;
  clock: VirtualClock;
  readonly faults = new Faults();
  readonly journal: Journal;
  readonly nonces = new NonceCache(assumptions.nonceWindowSeconds * 1000, assumptions.nonces.maxBytes);
  ids: IdSource;
  state: State;
  readonly #initialWorld: (now: number) => World;
  /** The edition answered when the world names none. */
  readonly defaultEdition: Edition;
  /**
   * Called synchronously once a change is applied, before the operation returns (an exception reaches
   * its caller); see {@link WorldChange}.
   */
  onChange: ((change: WorldChange) => void) | undefined;
  /** True while the clock moves as part of a bigger change (load, reset), which is told as that change. */
  #quiet = false;
  /** The worlds of the test keys (tenants.ts); empty in a tenant itself. */
  readonly #tenants = new Tenants<Simulator>();
  /** The test key whose world this is, when this is a tenant. */
  #testKey: string | undefined;

  constructor(options: SimulatorOptions = {}) {
    this.wallClock = options.wallClock ?? Date;
    this.ids = options.ids ?? uniqueIds();
    this.journal = new Journal(options.journalCapacity);
    this.#initialWorld = options.initialWorld ?? defaultWorld;
    this.onChange = options.onChange;
    if (options.edition !== undefined && !isEdition(options.edition))
      throw new TypeError(`edition: must be one of ${EDITIONS.join(', ')} (got ${JSON.stringify(options.edition)})`);
    this.defaultEdition = options.edition ?? DEFAULT_EDITION;
    this.clock = this.#newClock();
    this.state = this.#start();
  }

  /**
   * The simulator that answers requests signed with `accessKeyId`: for a test key (tenants.ts) its own world,
   * created on first use from the initial world; this one for any other key, and in a tenant.
   */
  tenant(accessKeyId: string | undefined): Simulator {
    // On every request: the common keys leave at the first tests; a test key costs one map lookup.
    if (accessKeyId === undefined || this.#testKey !== undefined || !accessKeyId.startsWith(TEST_KEY_PREFIX))
      return this;
    if (accessKeyId === DEFAULT_ACCESS_KEY_ID) return this;
    return this.#tenants.get(accessKeyId) ?? (isTestKey(accessKeyId) ? this.#newTenant(accessKeyId) : this);
  }

  /** The test keys that have a world of their own now, least recently used first. */
  tenantKeys(): string[] {
    return this.#tenants.keys();
  }

  #newTenant(accessKeyId: string): Simulator {
    let records = 0;
    const child = new Simulator({
      wallClock: this.wallClock,
      initialWorld: (now) => {
        const world = withTestKey(this.#initialWorld(now), accessKeyId);
        records = recordsOf(world);
        return world;
      },
      // Drawn from this simulator's source (read at each call: a state file replaces it), so ids never repeat across worlds.
      ids: { snapshotId: () => this.ids.snapshotId(), requestId: () => this.ids.requestId() },
    });
    child.#testKey = accessKeyId;
    // What a tenant journals is told to whoever listens to this journal (serve --log).
    child.journal.onAdd = (record) => this.journal.onAdd?.(record);
    this.#tenants.add(accessKeyId, child, records);
    return child;
  }

  /** Back to the initial world and the wall clock's time; faults are cleared (the journal is not: DELETE /_sim/requests). */
  reset(): void {
    this.clock = this.#newClock();
    this.faults.set([]);
    this.state = this.#start();
    this.onChange?.({ type: 'world-replaced' });
  }

  #newClock(): VirtualClock {
    return new ObservedClock(this.wallClock, () => {
      if (!this.#quiet) this.onChange?.({ type: 'clock-moved', now: this.clock.now() });
    });
  }

  /** Moves the clock forward to `t` (never back) without telling it as a change of its own. */
  #catchUp(t: number): void {
    if (t <= this.clock.now()) return;
    this.#quiet = true;
    try {
      this.clock.set(t);
    } finally {
      this.#quiet = false;
    }
  }

  #start(): State {
    const world = this.#initialWorld(this.clock.now());
    this.#catchUp(world.now);
    return new State(world);
  }

  now(): number {
    return this.clock.now();
  }

  /** The edition of the page answered now: the world's, else the simulator's. */
  edition(): Edition {
    return this.state.edition ?? this.defaultEdition;
  }

  /**
   * Replaces the whole state; the clock moves to the world's `now` unless that is in the past. A tenant's
   * world always knows its own key (a document without it must not lock the test out), unless `exactly`:
   * a provider state that says the key does not exist means it.
   */
  load(world: World, options: { exactly?: boolean } = {}): void {
    this.#catchUp(world.now);
    const keyed = this.#testKey === undefined || options.exactly === true ? world : withTestKey(world, this.#testKey);
    this.state = new State(keyed);
    this.nonces.clear();
    this.onChange?.({ type: 'world-replaced' });
  }

  world(): World {
    const now = this.now();
    this.state.settle(now);
    return this.state.toWorld(now);
  }

  /** Parameter checks, then idempotency: a replay answers at once; otherwise the ClientToken is held. */
  prepare(params: RawParameters, request: RequestContext = {}): Result<{ replay: string } | { pending: Pending }> {
    const parsed = parseCreateSnapshotInput(params, this.edition());
    if (!parsed.ok) return parsed;
    const { input } = parsed;
    // Only a ClientToken makes a fingerprint necessary.
    const print = input.clientToken === null ? '' : fingerprint(input);
    const held = this.#holdToken(input, print);
    if (!held.ok || 'replay' in held) return held;
    const region = request.region || this.state.defaultRegion;
    return { ok: true, pending: { input, fingerprint: print, region, heldIn: this.state } };
  }

  /** The idempotency check of the ClientToken, if any: a replay, a refusal, or the token held for this request. */
  #holdToken(input: CreateSnapshotInput, print: string): Result<{ replay: string } | { held: true }> {
    if (input.clientToken === null) return { ok: true, held: true };
    const record = this.state.clientToken(input.clientToken, this.now());
    if (record !== undefined) {
      if (record.state === 'processing') return fail('IdempotentProcessing');
      if (record.fingerprint !== print) return fail('IdempotentParameterMismatch');
      if (record.snapshotId !== null) return { ok: true, replay: record.snapshotId };
    }
    this.state.setClientToken({
      clientToken: input.clientToken,
      fingerprint: print,
      state: 'processing',
      snapshotId: null,
    });
    return { ok: true, held: true };
  }

  /** Preconditions, then the snapshot. A failure frees the ClientToken, so a corrected retry may use it. */
  commit(pending: Pending): Result<{ snapshotId: string }> {
    const now = this.now();
    this.state.settle(now);
    const { input } = pending;
    if (pending.heldIn !== this.state) {
      // The world was replaced (PUT world, reset) while this request waited: check its token again there.
      const held = this.#holdToken(input, pending.fingerprint);
      if (!held.ok) return held;
      if ('replay' in held) return { ok: true, snapshotId: held.replay };
      pending.heldIn = this.state;
    }
    const failed = failedPrecondition(this.state, input, pending.region, now, this.edition());
    if (failed !== undefined) {
      this.abandon(pending);
      return { ok: false, error: failed };
    }
    const disk = this.state.disks.get(input.diskId);
    const snapshotId = this.ids.snapshotId();
    const snapshot: Snapshot = {
      snapshotId,
      diskId: input.diskId,
      name: input.snapshotName,
      description: input.description,
      type: 'user',
      status: 'progressing',
      progress: 0,
      createdAt: now,
      completesAt: now + snapshotDurationMs(disk?.sizeGiB ?? 0),
      retentionDays: input.retentionDays,
      category: input.category,
      tags: input.tags,
      resourceGroupId: input.resourceGroupId,
      region: disk?.region ?? pending.region,
      instantAccess: input.instantAccess,
      instantAccessRetentionDays: input.instantAccessRetentionDays,
      storageLocationArn: input.storageLocationArn,
    };
    this.state.addSnapshot(snapshot);
    let record: ClientTokenRecord | null = null;
    if (input.clientToken !== null) {
      record = { clientToken: input.clientToken, fingerprint: pending.fingerprint, state: 'done', snapshotId };
      this.state.setClientToken(record, now + assumptions.clientTokens.ttlSeconds * 1000);
    }
    this.onChange?.({ type: 'snapshot-created', snapshot, clientToken: record });
    return { ok: true, snapshotId };
  }

  abandon(pending: Pending): void {
    const token = pending.input.clientToken;
    if (pending.heldIn !== this.state) return; // the hold went with the world it was in
    if (token !== null && this.state.clientTokens.get(token)?.state === 'processing')
      this.state.clientTokens.delete(token);
  }

  /** The whole operation at once (no injected delay between the two halves). */
  createSnapshot(params: RawParameters, request: RequestContext = {}): Result<{ snapshotId: string }> {
    const prepared = this.prepare(params, request);
    if (!prepared.ok) return prepared;
    if ('replay' in prepared) return { ok: true, snapshotId: prepared.replay };
    return this.commit(prepared.pending);
  }
}

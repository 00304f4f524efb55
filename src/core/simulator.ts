/**
 * A simulated CreateSnapshot service: the world, its virtual clock, faults, nonces and journal, and the
 * operation itself. Pure: no HTTP here; the protocol layer turns requests into calls of this.
 */
import { assumptions } from '../catalogue.js';
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
import { type IdSource, seededIds } from './ids.js';
import { Journal } from './journal.js';
import { NonceCache } from './nonces.js';
import { failedPrecondition } from './preconditions.js';
import { State, snapshotDurationMs } from './state.js';
import type { ClientTokenRecord, Snapshot, World } from './world.js';
import { parseWorldDocument } from './world-document.js';

export interface SimulatorOptions {
  /** The clock requests are signed against; the world's clock starts from it. */
  wallClock: Clock;
  /** The world to start from, and to go back to on reset; the default world when absent. */
  initialWorld?: (now: number) => World;
  ids?: IdSource;
  journalCapacity?: number;
  /** Told of every change of the world that a client may be told about; see {@link WorldChange}. */
  onChange?: (change: WorldChange) => void;
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
  /**
   * Called synchronously once a change is applied, before the operation returns (an exception reaches
   * its caller); see {@link WorldChange}.
   */
  onChange: ((change: WorldChange) => void) | undefined;
  /** True while the clock moves as part of a bigger change (load, reset), which is told as that change. */
  #quiet = false;

  constructor(options: SimulatorOptions) {
    this.wallClock = options.wallClock;
    this.ids = options.ids ?? seededIds();
    this.journal = new Journal(options.journalCapacity);
    this.#initialWorld = options.initialWorld ?? defaultWorld;
    this.onChange = options.onChange;
    this.clock = this.#newClock();
    this.state = this.#start();
  }

  /** Back to the initial world and the wall clock's time; faults and the journal are cleared. */
  reset(): void {
    this.clock = this.#newClock();
    this.faults.set([]);
    this.journal.clear();
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

  /** Replaces the whole state; the clock moves to the world's `now` unless that is in the past. */
  load(world: World): void {
    this.#catchUp(world.now);
    this.state = new State(world);
    this.nonces.clear();
    this.onChange?.({ type: 'world-replaced' });
  }

  world(): World {
    const now = this.now();
    this.state.settle(now);
    return this.state.toWorld(now);
  }

  /** Parameter checks, then idempotency: a replay answers at once; otherwise the ClientToken is held. */
  prepare(params: RawParameters): Result<{ replay: string } | { pending: Pending }> {
    const parsed = parseCreateSnapshotInput(params);
    if (!parsed.ok) return parsed;
    const { input } = parsed;
    // Only a ClientToken makes a fingerprint necessary.
    const print = input.clientToken === null ? '' : fingerprint(input);
    const held = this.#holdToken(input, print);
    if (!held.ok || 'replay' in held) return held;
    return { ok: true, pending: { input, fingerprint: print, heldIn: this.state } };
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
    const failed = failedPrecondition(this.state, input.diskId, now);
    if (failed !== undefined) {
      this.abandon(pending);
      return fail(failed.id);
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
  createSnapshot(params: RawParameters): Result<{ snapshotId: string }> {
    const prepared = this.prepare(params);
    if (!prepared.ok) return prepared;
    if ('replay' in prepared) return { ok: true, snapshotId: prepared.replay };
    return this.commit(prepared.pending);
  }
}

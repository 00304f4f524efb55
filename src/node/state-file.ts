/**
 * `serve --state-file FILE`: the world survives restarts, crashes included.
 *
 * A write-ahead log plus compaction:
 * - FILE holds the whole world as of some change number `seq` ({@link StateDocument}: a World document
 *   with the clock's offset from the wall clock). It is only ever replaced whole: written to FILE.tmp,
 *   fsynced, then renamed over FILE, which is atomic; a crash mid-compaction leaves the previous FILE.
 * - FILE.log gets one JSON line per change since (`seq` numbered): a snapshot made (with its ClientToken
 *   record), or the clock moved. The line is written with one synchronous write inside the simulator's
 *   change listener, so it is in the operating system before the HTTP answer that tells of it is sent.
 *   That survives the process being killed (SIGKILL, a crash): the kernel keeps the data and writes it
 *   out later. It does not survive the machine losing power, which would take an fsync per change; a
 *   simulator does not need that, so there is none on this path.
 * - A compaction (on start, on a replaced world: PUT /_sim/world, reset, provider states; every N changes;
 *   on SIGTERM/SIGINT) writes FILE anew and empties the log. Lines whose `seq` FILE already includes are
 *   skipped on load, so a crash between the rename and the truncation replays nothing twice.
 * - Loading = FILE, then every complete line of the log. A last line without its newline is the trace of a
 *   crash mid-append (its answer was never sent) and is ignored. Snapshot progress, retention and disk
 *   releases follow from the virtual time, so they need no writes and are recomputed after loading.
 *
 * A write that fails stops the process (exit 1) before the answer goes out: the simulator never
 * acknowledges a change it has not saved, and the next start finds the state as it was last saved.
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { assumptions } from '../catalogue.js';
import type { IdSource } from '../core/ids.js';
import { seededIds } from '../core/ids.js';
import type { Simulator, WorldChange } from '../core/simulator.js';
import type { ClientTokenRecord, Snapshot, World } from '../core/world.js';
import { parseWorldDocument, type WorldDocument, worldToDocument } from '../core/world-document.js';
import { lockStateFile } from './state-lock.js';

export const STATE_FORMAT = 'ecs-conformance-state';
const STATE_VERSION = 1;
/** Compact after this many changes at least (more when the world is larger, to keep the cost per change flat). */
const COMPACT_EVERY = 5000;
const CLIENT_TOKEN_TTL_MS = assumptions.clientTokens.ttlSeconds * 1000;

/** FILE: a World document with what the log and the clock need. */
export interface StateDocument {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  /** The number of the last change this document includes. */
  seq: number;
  /** Virtual time minus wall time when written: the clock goes on from there after a restart. */
  clockOffsetMs: number;
  /** ClientToken → when its record expires (virtual ms), for the records requests made (absent: none). */
  clientTokenExpiry?: Record<string, number>;
  world: WorldDocument;
}

/** One line of FILE.log. */
export type LogEntry =
  | { seq: number; type: 'snapshot'; snapshot: Snapshot; clientToken: ClientTokenRecord | null }
  | { seq: number; type: 'clock'; now: number; offsetMs: number };

/** FILE or FILE.log cannot be read, or is not what serve --state-file writes; the message names the file. */
export class StateFileError extends Error {
  override name = 'StateFileError';
}

export interface StateFileOptions {
  /** Compact after this many changes at least; default 5000. */
  compactEvery?: number;
  /** What to do when a write fails; default: print why on stderr and exit 1 (see the module comment). */
  onWriteError?: (error: Error) => void;
}

export interface StateFile {
  readonly path: string;
  /** True when the world was loaded from FILE; false when FILE did not exist and was created. */
  readonly restored: boolean;
  /** Writes the whole world to FILE and empties the log. */
  compact(): void;
  /** Compacts, stops listening to the simulator and closes the log. */
  close(): void;
}

interface Loaded {
  world: World;
  seq: number;
  clockOffsetMs: number;
  /** ClientToken → expiry of the records requests made (the others came with a World document: they stay). */
  tokenExpiry: Map<string, number>;
}

/**
 * Loads the world of `path` into `sim` when the file exists (the simulator's initial world stays when it
 * does not), writes FILE, and from then on records every change of `sim`. Throws {@link StateFileError}.
 *
 * It also gives `sim` SnapshotIds drawn at random: the default ones are a fixed sequence, which would
 * repeat the ids of the snapshots already saved after a restart.
 */
export function openStateFile(sim: Simulator, path: string, options: StateFileOptions = {}): StateFile {
  let release: () => void;
  try {
    release = lockStateFile(path);
  } catch (error) {
    throw new StateFileError((error as Error).message);
  }
  try {
    return open(sim, path, options, release);
  } catch (error) {
    release();
    throw error;
  }
}

function open(sim: Simulator, path: string, options: StateFileOptions, release: () => void): StateFile {
  const logPath = `${path}.log`;
  const tmpPath = `${path}.tmp`;
  refuseLink(logPath);
  refuseLink(tmpPath);
  const loaded = readState(path, logPath, sim.wallClock.now());
  if (loaded !== undefined) {
    sim.load(loaded.world);
    for (const [token, at] of loaded.tokenExpiry) {
      const record = sim.state.clientTokens.get(token);
      if (record !== undefined) sim.state.setClientToken(record, at);
    }
    const target = sim.wallClock.now() + loaded.clockOffsetMs;
    if (target > sim.now()) sim.clock.set(target);
  } else if (existsSync(logPath) && statSync(logPath).size > 0) {
    console.error(`--state-file: ${path} does not exist; ignoring the log ${logPath} left without it`);
  }
  sim.ids = unrepeatableIds();

  const minimum = options.compactEvery ?? COMPACT_EVERY;
  const onWriteError =
    options.onWriteError ??
    ((error: Error) => {
      console.error(
        `--state-file: cannot write ${path}: ${error.message}\nStopping, so that no change is acknowledged that is not saved.`,
      );
      process.exit(1);
    });
  let seq = loaded?.seq ?? 0;
  let changes = 0;
  let threshold = minimum;
  // ClientTokens "processing" in the world as a document gave it (such as the default world's
  // ct-still-processing) are kept; others are held by a request in flight, which a restart ends.
  let documented = processingTokens(sim);
  /** FILE.log, opened once FILE includes everything the old log said (see the first compaction below). */
  let logFd = -1;
  let closed = false;

  const compact = () => {
    const world = sim.world();
    const clientTokens = world.clientTokens.filter((t) => t.state !== 'processing' || documented.has(t.clientToken));
    const header = {
      format: STATE_FORMAT,
      version: STATE_VERSION,
      seq,
      clockOffsetMs: world.now - sim.wallClock.now(),
      clientTokenExpiry: Object.fromEntries(sim.state.tokenExpiry),
    } satisfies Omit<StateDocument, 'world'>;
    writeDocument(tmpPath, header, worldToDocument({ ...world, clientTokens }));
    renameSync(tmpPath, path);
    syncDirectory(dirname(path));
    if (logFd !== -1) ftruncateSync(logFd, 0);
    changes = 0;
    // A compaction costs as much as the world is large: with a log as long as the world, the cost per change stays flat.
    threshold = Math.max(minimum, world.snapshots.length + world.clientTokens.length + world.disks.length);
  };
  const append = (entry: LogEntry) => {
    writeAll(logFd, Buffer.from(`${JSON.stringify(entry)}\n`));
    if (++changes >= threshold) compact();
  };
  const record = (change: WorldChange) => {
    try {
      switch (change.type) {
        case 'snapshot-created':
          append({ seq: ++seq, type: 'snapshot', snapshot: change.snapshot, clientToken: change.clientToken });
          break;
        case 'clock-moved':
          append({ seq: ++seq, type: 'clock', now: change.now, offsetMs: change.now - sim.wallClock.now() });
          break;
        case 'world-replaced':
          seq++;
          documented = processingTokens(sim);
          compact();
          break;
      }
    } catch (error) {
      onWriteError(error as Error);
      throw error;
    }
  };

  try {
    compact();
  } catch (error) {
    throw new StateFileError(`cannot write ${path}: ${(error as Error).message}`);
  }
  // FILE now holds what the old log said: the log is made anew, exclusively (O_EXCL), so that nothing planted
  // at its path (a symbolic or a hard link to another file) is ever written or truncated.
  try {
    unlinkSync(logPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new StateFileError(`cannot replace ${logPath}: ${(error as Error).message}`);
  }
  try {
    logFd = openSync(logPath, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    throw new StateFileError(`cannot create ${logPath}: ${(error as Error).message}`);
  }

  sim.onChange = record;
  return {
    path,
    restored: loaded !== undefined,
    compact() {
      if (!closed) compact();
    },
    close() {
      if (closed) return;
      closed = true;
      if (sim.onChange === record) sim.onChange = undefined;
      try {
        compact();
      } finally {
        closeSync(logFd);
        release();
      }
    },
  };
}

/** A symbolic link where FILE.log or FILE.tmp goes is refused: writing through it would overwrite its target. */
function refuseLink(path: string): void {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (stat.isSymbolicLink())
    throw new StateFileError(`${path} is a symbolic link; refusing to follow it (remove it: the server creates it)`);
}

function processingTokens(sim: Simulator): Set<string> {
  const tokens = new Set<string>();
  for (const t of sim.state.clientTokens.values()) if (t.state === 'processing') tokens.add(t.clientToken);
  return tokens;
}

/** FILE and the complete lines of FILE.log after it; undefined when FILE does not exist. */
export function readState(path: string, logPath: string, now: number): Loaded | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const base = parseStateDocument(path, text, now);
  let log = '';
  try {
    log = readFileSync(logPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new StateFileError(`cannot read ${logPath}: ${(error as Error).message}`);
  }
  const snapshots = new Map(base.world.snapshots.map((s) => [s.snapshotId, s]));
  const clientTokens = new Map(base.world.clientTokens.map((t) => [t.clientToken, t]));
  let { seq, clockOffsetMs } = base;
  const { tokenExpiry } = base;
  let latest = base.world.now;
  const lines = log.split('\n');
  // The part after the last newline is empty, or a line cut short by a crash mid-append: never acknowledged.
  lines.pop();
  let applying = false;
  lines.forEach((line, index) => {
    if (line === '') return;
    const where = `${logPath} line ${index + 1}`;
    const entry = parseLogEntry(line, where);
    // Lines FILE already includes come first (a crash between compaction and truncation); every later line
    // follows the one before it. Anything else is not this file's log: starting would skip or reorder changes.
    if (entry.seq <= seq && !applying) return;
    if (entry.seq !== seq + 1)
      throw new StateFileError(
        `${where}: seq ${entry.seq} where ${seq + 1} must come (${path} is at change ${base.seq}): this log does not belong to ${path}, or lost lines. Move ${logPath} away to start from ${path} alone`,
      );
    applying = true;
    seq = entry.seq;
    if (entry.type === 'clock') {
      clockOffsetMs = entry.offsetMs;
      latest = Math.max(latest, entry.now);
      return;
    }
    snapshots.set(entry.snapshot.snapshotId, entry.snapshot);
    if (entry.clientToken !== null) {
      clientTokens.set(entry.clientToken.clientToken, entry.clientToken);
      // A request made it when it made the snapshot: it expires as it did in the server that wrote the line.
      tokenExpiry.set(entry.clientToken.clientToken, entry.snapshot.createdAt + CLIENT_TOKEN_TTL_MS);
    }
    latest = Math.max(latest, entry.snapshot.createdAt);
  });
  // Records that expired before the server stopped are gone, as they were from its world.
  for (const [token, at] of tokenExpiry) {
    if (at > latest) continue;
    clientTokens.delete(token);
    tokenExpiry.delete(token);
  }
  const world: World = {
    ...base.world,
    now: latest,
    snapshots: [...snapshots.values()],
    clientTokens: [...clientTokens.values()],
  };
  return { world, seq, clockOffsetMs, tokenExpiry };
}

function parseStateDocument(path: string, text: string, now: number): Loaded {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(`${path} is not JSON (${(error as Error).message}), so not a World document`);
  }
  const isState =
    typeof document === 'object' && document !== null && (document as { format?: unknown }).format === STATE_FORMAT;
  if (!isState) {
    // A plain World document (from GET /_sim/world, say) is a state as of change 0.
    const parsed = parseWorldDocument(document, now);
    if (!parsed.ok)
      throw new StateFileError(`${path} is not a World document (nor a state file):\n  ${parsed.errors.join('\n  ')}`);
    return { world: parsed.world, seq: 0, clockOffsetMs: 0, tokenExpiry: new Map() };
  }
  const state = document as Partial<Record<keyof StateDocument, unknown>>;
  const problems: string[] = [];
  if (state.version !== STATE_VERSION) problems.push(`version: must be ${STATE_VERSION}`);
  if (!Number.isSafeInteger(state.seq) || (state.seq as number) < 0)
    problems.push('seq: must be an integer, 0 or more');
  if (typeof state.clockOffsetMs !== 'number' || !Number.isFinite(state.clockOffsetMs))
    problems.push('clockOffsetMs: must be a number');
  const expiry = state.clientTokenExpiry ?? {};
  const valid = typeof expiry === 'object' && expiry !== null && Object.values(expiry).every((v) => isFiniteNumber(v));
  if (!valid) problems.push('clientTokenExpiry: must map ClientTokens to times (numbers)');
  const parsed = parseWorldDocument(state.world, now);
  if (!parsed.ok) problems.push(...parsed.errors.map((e) => `world.${e}`));
  if (!parsed.ok || problems.length > 0)
    throw new StateFileError(`${path} is not a valid state file:\n  ${problems.join('\n  ')}`);
  return {
    world: parsed.world,
    seq: state.seq as number,
    clockOffsetMs: state.clockOffsetMs as number,
    tokenExpiry: new Map(Object.entries(expiry as Record<string, number>)),
  };
}

const SNAPSHOT_STATUSES = new Set(['progressing', 'accomplished', 'failed']);

function parseLogEntry(line: string, where: string): LogEntry {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch (error) {
    throw new StateFileError(`${where} is not JSON (${(error as Error).message})`);
  }
  const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  const bad = (rule: string) => new StateFileError(`${where}: ${rule}`);
  if (!Number.isSafeInteger(e.seq)) throw bad('seq: must be an integer');
  if (e.type === 'clock') {
    if (!isFiniteNumber(e.now) || !isFiniteNumber(e.offsetMs)) throw bad('now, offsetMs: must be numbers');
    return e as LogEntry;
  }
  if (e.type !== 'snapshot') throw bad('type: must be "snapshot" or "clock"');
  const s = (typeof e.snapshot === 'object' && e.snapshot !== null ? e.snapshot : {}) as Record<string, unknown>;
  const valid =
    typeof s.snapshotId === 'string' &&
    typeof s.diskId === 'string' &&
    (s.type === 'user' || s.type === 'auto') &&
    SNAPSHOT_STATUSES.has(s.status as string) &&
    isFiniteNumber(s.progress) &&
    isFiniteNumber(s.createdAt) &&
    isFiniteNumber(s.completesAt) &&
    Array.isArray(s.tags);
  if (!valid) throw bad('snapshot: must be a snapshot as the simulator records it');
  const t = e.clientToken as Record<string, unknown> | null | undefined;
  if (
    t !== null &&
    !(
      typeof t === 'object' &&
      typeof t.clientToken === 'string' &&
      typeof t.fingerprint === 'string' &&
      t.state === 'done'
    )
  )
    throw bad('clientToken: must be null or a completed ClientToken record');
  return e as LogEntry;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** One write may take less than the whole buffer: write the rest. */
function writeAll(fd: number, buffer: Buffer): void {
  let offset = 0;
  while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
}

/** Writes `{...header, world}` to `path` and fsyncs it, an array element at a time (a world may be large). */
function writeDocument(path: string, header: Omit<StateDocument, 'world'>, world: WorldDocument): void {
  // Created exclusively: what is at the path (a leftover of a crash, or a planted symbolic link) is removed,
  // never written through.
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    let parts: string[] = [];
    let size = 0;
    const flush = () => {
      writeAll(fd, Buffer.from(parts.join('')));
      parts = [];
      size = 0;
    };
    const put = (text: string) => {
      parts.push(text);
      size += text.length;
      if (size >= 1 << 20) flush();
    };
    const head = JSON.stringify(header);
    put(`${head.slice(0, -1)},"world":{`);
    let first = true;
    for (const [key, value] of Object.entries(world)) {
      if (value === undefined) continue;
      put(`${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      if (!Array.isArray(value)) {
        put(JSON.stringify(value));
        continue;
      }
      put('[');
      value.forEach((element, i) => {
        put(`${i === 0 ? '' : ','}${JSON.stringify(element)}`);
      });
      put(']');
    }
    put('}}\n');
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable against power loss too; not every platform can open a directory, hence best effort. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot; a process crash does not need it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * SnapshotIds shaped like the default ones (`s-sim` and 17 characters) but drawn from node:crypto, so that
 * they do not repeat across restarts; RequestIds from a seeded sequence with a random seed.
 */
export function unrepeatableIds(): IdSource {
  const requestIds = seededIds(randomInt(1, 2 ** 32));
  let pool = randomBytes(4096);
  let at = 0;
  const character = (): string => {
    for (;;) {
      if (at === pool.length) {
        pool = randomBytes(4096);
        at = 0;
      }
      const byte = pool[at++] as number;
      // 252 = 7 × 36: taking bytes below it keeps every character equally likely.
      if (byte < 252) return ALPHABET[byte % 36] as string;
    }
  };
  return {
    snapshotId() {
      let id = 's-sim';
      for (let i = 0; i < 17; i++) id += character();
      return id;
    },
    requestId: () => requestIds.requestId(),
  };
}

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
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { IdSource } from '../core/ids.js';
import { seededIds } from '../core/ids.js';
import type { Simulator, WorldChange } from '../core/simulator.js';
import { type WorldDocument, worldToDocument } from '../core/world-document.js';
import {
  type LogEntry,
  readState,
  STATE_FORMAT,
  STATE_VERSION,
  type StateDocument,
  StateFileError,
} from './state-file-read.js';
import { lockStateFile } from './state-lock.js';

export { type LogEntry, readState, STATE_FORMAT, type StateDocument, StateFileError };

/** Compact after this many changes at least (more when the world is larger, to keep the cost per change flat). */
const COMPACT_EVERY = 5000;

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

/**
 * Reading `serve --state-file FILE` back: FILE (a state document, or a plain World document), then the lines of
 * FILE.log that follow it. What this reads is what state-file.ts writes; anything else stops the start with a
 * message naming the file, the line and the rule (see state-file.ts for the format).
 */
import { readFileSync } from 'node:fs';
import { assumptions } from '../catalogue.js';
import type { ClientTokenRecord, Snapshot, World } from '../core/world.js';
import { parseWorldDocument, type WorldDocument } from '../core/world-document.js';

export const STATE_FORMAT = 'ecs-conformance-state';
export const STATE_VERSION = 1;
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

export interface Loaded {
  world: World;
  seq: number;
  clockOffsetMs: number;
  /** ClientToken → expiry of the records requests made (the others came with a World document: they stay). */
  tokenExpiry: Map<string, number>;
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

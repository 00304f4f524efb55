/**
 * `serve --log requests|verbose`: a line per API request, told by the journal (Journal.onAdd), so that what is
 * printed is what the journal records: method, action, DiskId, the answer (status and code or SnapshotId), and
 * the test key when the request went to a key's own world. `verbose` adds the RequestId, the signature verdict
 * and, for a refusal, why (the catalogue check, the World field, the string to sign on a signature mismatch).
 */
import type { JournalRecord } from '../core/journal.js';
import type { Simulator } from '../core/simulator.js';
import { isTestKey } from '../core/tenants.js';

export const LOG_LEVELS = ['quiet', 'requests', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Lines wait for the end of the event loop's turn and go out in one write; at most this many bytes wait (a
 * burst past it is counted and said, not kept), so a slow stdout never holds more than this in memory.
 */
export const MAX_PENDING_LOG_BYTES = 1 << 20;

/** HH:MM:SS.mmm, formatted once per millisecond: under load many lines share it. */
let lastTime = { ms: Number.NaN, text: '' };
const time = (ms: number) => {
  if (ms !== lastTime.ms) lastTime = { ms, text: new Date(ms).toISOString().slice(11, 23) };
  return lastTime.text;
};

export function requestLine(record: JournalRecord, level: Exclude<LogLevel, 'quiet'>, wallNow: number): string {
  const { diskId } = record;
  const answer = `${record.status} ${record.code ?? record.snapshotId ?? ''}`.trimEnd();
  const key = record.accessKeyId;
  const world = key !== undefined && isTestKey(key) ? ` [${key}]` : '';
  const line = `${time(wallNow)} ${record.method} ${record.action ?? '-'} DiskId=${diskId ?? '-'} → ${answer}${world}`;
  if (level === 'requests') return line;
  const signature = record.version === null ? 'unsigned' : `${record.version} ${record.verdict}`;
  const details = `  RequestId=${record.requestId} signature=${signature} AccessKeyId=${key ?? '-'}`;
  return record.reason === undefined ? `${line}\n${details}` : `${line}\n${details}\n  why: ${record.reason}`;
}

/** Prints a line per request of `sim` (and of its test keys' worlds) with `write`; returns a function to stop. */
export function logRequests(
  sim: Simulator,
  level: LogLevel,
  write: (text: string) => void,
  wallClock: { now(): number } = Date,
): () => void {
  if (level === 'quiet') return () => {};
  let pending: string[] = [];
  let bytes = 0;
  let dropped = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (dropped > 0) pending.push(`(${dropped} request lines not printed: stdout did not keep up)`);
    if (pending.length > 0) write(`${pending.join('\n')}\n`);
    pending = [];
    bytes = 0;
    dropped = 0;
  };
  sim.journal.onAdd = (record) => {
    if (bytes > MAX_PENDING_LOG_BYTES) {
      dropped++;
      return;
    }
    const line = requestLine(record, level, wallClock.now());
    pending.push(line);
    bytes += line.length;
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return () => {
    sim.journal.onAdd = undefined;
    flush();
  };
}

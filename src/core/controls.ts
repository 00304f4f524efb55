/**
 * What the control plane can do to a simulator, with its input checks: one implementation behind the
 * HTTP endpoints under /_sim/ and the in-process controls of the MSW adapter. Bad input changes nothing
 * and comes back as messages naming the field and the rule.
 */
import { type FaultRule, parseFaultRules } from './faults.js';
import type { JournalEntry } from './journal.js';
import type { Simulator } from './simulator.js';
import { parseWorldDocument, type WorldDocument, worldToDocument } from './world-document.js';

export type ControlResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const refused = (...errors: string[]): { ok: false; errors: string[] } => ({ ok: false, errors });
const iso = (ms: number) => new Date(ms).toISOString();

export function resetWorld(sim: Simulator): { now: string } {
  sim.reset();
  return { now: iso(sim.now()) };
}

export function readWorld(sim: Simulator): WorldDocument {
  return worldToDocument(sim.world());
}

export function replaceWorld(sim: Simulator, document: unknown): ControlResult<WorldDocument> {
  const parsed = parseWorldDocument(document, sim.now());
  if (!parsed.ok) return refused(...parsed.errors);
  const unwritable = cannotWriteBack(parsed.world.now);
  if (unwritable !== undefined) return refused(`now: ${unwritable}`);
  sim.load(parsed.world);
  return { ok: true, value: readWorld(sim) };
}

/**
 * The latest time the clock may reach: a World document writes times as ISO 8601 with four-digit years, and what
 * is written must be read back (by GET /_sim/world, --state-file, a restart). x-assumptions.clock.
 */
export const LATEST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** The earliest: 1970-01-01T00:00:00Z (negative times are not written by every client's date parser). */
export const EARLIEST_TIME = 0;

/** Why a world at `t` could not be written and read again; undefined if it can. */
function cannotWriteBack(t: number): string | undefined {
  return Number.isFinite(t) && t >= EARLIEST_TIME && t <= LATEST_TIME
    ? undefined
    : 'must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, which a World document can write';
}

/** `{"advanceSeconds": N}` or `{"now": "<ISO 8601>"}`; the clock never runs backwards. */
export function moveClock(sim: Simulator, body: unknown): ControlResult<{ now: string }> {
  const value =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const keys = Object.keys(value);
  if (keys.length !== 1 || !(keys[0] === 'advanceSeconds' || keys[0] === 'now')) {
    return refused('(body): must be {"advanceSeconds": N} or {"now": "<ISO 8601>"}, exactly one of them');
  }
  if ('advanceSeconds' in value) {
    const seconds = value.advanceSeconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      return refused('advanceSeconds: must be a number of seconds, 0 or more (the clock never runs backwards)');
    }
    if (cannotWriteBack(sim.now() + seconds * 1000) !== undefined)
      return refused(`advanceSeconds: the clock would pass 9999-12-31T23:59:59.999Z (it is ${iso(sim.now())})`);
    sim.clock.advance(seconds * 1000);
  } else {
    const text = value.now;
    const t =
      typeof text === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(text)
        ? Date.parse(text)
        : Number.NaN;
    if (Number.isNaN(t)) return refused('now: must be an ISO 8601 date-time such as 2026-11-29T06:00:00Z');
    if (t < sim.now()) return refused(`now: must not be earlier than the current time ${iso(sim.now())}`);
    const unwritable = cannotWriteBack(t);
    if (unwritable !== undefined) return refused(`now: ${unwritable}`);
    sim.clock.set(t);
  }
  return { ok: true, value: { now: iso(sim.now()) } };
}

export function replaceFaults(sim: Simulator, body: unknown): ControlResult<{ rules: FaultRule[] }> {
  const parsed = parseFaultRules(body);
  if (!parsed.ok) return refused(...parsed.errors);
  sim.faults.set(parsed.rules);
  return { ok: true, value: { rules: sim.faults.list() } };
}

/** The journal, oldest first; the newest `limit` only when given (an integer from 0 to the journal's capacity). */
export function recentRequests(sim: Simulator, limit?: unknown): ControlResult<{ requests: JournalEntry[] }> {
  if (limit === undefined) return { ok: true, value: { requests: sim.journal.list() } };
  const n = typeof limit === 'string' && /^\d{1,6}$/.test(limit) ? Number(limit) : limit;
  if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > sim.journal.capacity)
    return refused(`limit: must be an integer from 0 to ${sim.journal.capacity}`);
  return { ok: true, value: { requests: sim.journal.list(n as number) } };
}

/** The journal survives a reset (to see what a test did before it reset); this is how it is emptied. */
export function clearRequests(sim: Simulator): { cleared: number } {
  const cleared = sim.journal.list().length;
  sim.journal.clear();
  return { cleared };
}

/** The fault rules still pending, with the uses they have left. */
export function listFaults(sim: Simulator): { rules: FaultRule[] } {
  return { rules: sim.faults.list() };
}

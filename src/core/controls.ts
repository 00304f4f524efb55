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
  sim.load(parsed.world);
  return { ok: true, value: readWorld(sim) };
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
    sim.clock.advance(seconds * 1000);
  } else {
    const text = value.now;
    const t =
      typeof text === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(text)
        ? Date.parse(text)
        : Number.NaN;
    if (Number.isNaN(t)) return refused('now: must be an ISO 8601 date-time such as 2026-11-29T06:00:00Z');
    if (t < sim.now()) return refused(`now: must not be earlier than the current time ${iso(sim.now())}`);
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

export function recentRequests(sim: Simulator): { requests: JournalEntry[] } {
  return { requests: sim.journal.list() };
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

/**
 * Fault injection: the next N matching requests get a documented error, or extra latency.
 * Rules come from the control plane (`PUT /_sim/faults`) or from the MSW adapter's controls.
 */

import type { ErrorId } from '../catalogue.js';
import { assumptions, findCatalogueEntry } from '../catalogue.js';

export interface FaultRule {
  action: 'CreateSnapshot';
  /** A catalogue code or id; absent = latency only. */
  code?: string;
  times: number;
  diskId?: string;
  delayMs?: number;
}

export interface Fault {
  errorId: ErrorId | undefined;
  delayMs: number;
}

/** Bounds of a rules document (x-assumptions.limits): rules at once, and uses of one rule. */
export const MAX_RULES = assumptions.limits.maxFaultRules;
export const MAX_TIMES = assumptions.limits.maxFaultTimes;

/** A value as an error message shows it: a short string quoted, anything else by its type (never a deep walk). */
function shown(value: unknown): string {
  if (typeof value !== 'string')
    return Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/** Checks a rules document; every problem names the field and the rule. */
export function parseFaultRules(input: unknown): { ok: true; rules: FaultRule[] } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const body = input as { rules?: unknown } | null;
  if (typeof body !== 'object' || body === null || !Array.isArray(body.rules)) {
    return {
      ok: false,
      errors: [
        'rules: must be an array of fault rules, e.g. {"rules":[{"action":"CreateSnapshot","code":"InternalError","times":1}]}',
      ],
    };
  }
  if (body.rules.length > MAX_RULES) return { ok: false, errors: [`rules: at most ${MAX_RULES} rules`] };
  const rules: FaultRule[] = [];
  body.rules.forEach((raw: unknown, i: number) => {
    const at = `rules[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push(`${at}: must be an object`);
      return;
    }
    const r = raw as Record<string, unknown>;
    for (const k of Object.keys(r)) {
      if (!['action', 'code', 'times', 'diskId', 'delayMs'].includes(k))
        errors.push(`${at}: unknown field ${shown(k)}`);
    }
    if (r.action !== 'CreateSnapshot') errors.push(`${at}.action: must be "CreateSnapshot"`);
    if (r.code !== undefined && (typeof r.code !== 'string' || findCatalogueEntry(r.code) === undefined)) {
      errors.push(`${at}.code: must be a code of the error catalogue (got ${shown(r.code)})`);
    }
    const times = r.times ?? 1;
    if (!Number.isInteger(times) || (times as number) < 1 || (times as number) > MAX_TIMES)
      errors.push(`${at}.times: must be an integer from 1 to ${MAX_TIMES}`);
    if (r.diskId !== undefined && (typeof r.diskId !== 'string' || r.diskId === '' || r.diskId.length > 256))
      errors.push(`${at}.diskId: must be a non-empty string of at most 256 characters`);
    const delay = r.delayMs;
    if (delay !== undefined && (!Number.isInteger(delay) || (delay as number) < 0 || (delay as number) > 60_000)) {
      errors.push(`${at}.delayMs: must be an integer from 0 to 60000`);
    }
    if (r.code === undefined && delay === undefined) errors.push(`${at}: needs a code, a delayMs, or both`);
    rules.push({
      action: 'CreateSnapshot',
      times: times as number,
      ...(typeof r.code === 'string' ? { code: r.code } : {}),
      ...(typeof r.diskId === 'string' ? { diskId: r.diskId } : {}),
      ...(typeof delay === 'number' ? { delayMs: delay } : {}),
    });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules };
}

export class Faults {
  #rules: FaultRule[] = [];

  set(rules: FaultRule[]): void {
    this.#rules = rules.map((r) => ({ ...r }));
  }

  list(): FaultRule[] {
    return this.#rules.map((r) => ({ ...r }));
  }

  /** Consumes one use of the first rule that matches the request, if any. */
  take(action: string, diskId: string | undefined): Fault | undefined {
    if (this.#rules.length === 0) return undefined;
    const i = this.#rules.findIndex((r) => r.action === action && (r.diskId === undefined || r.diskId === diskId));
    const rule = this.#rules[i];
    if (rule === undefined) return undefined;
    rule.times -= 1;
    if (rule.times <= 0) this.#rules.splice(i, 1);
    return {
      errorId: rule.code === undefined ? undefined : findCatalogueEntry(rule.code)?.id,
      delayMs: rule.delayMs ?? 0,
    };
  }
}

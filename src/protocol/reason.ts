/**
 * Why a request was refused, in words the user can act on: the check of the catalogue that decided and its
 * condition, with the World field named for this request (`disks[d-in-arrears].inArrears == true`), and for a
 * signature mismatch the string the simulator signed. Read from the catalogue's `when` rows, so it names the
 * same checks as the OpenAPI description; kept in the journal (`reason`) and printed by `serve --log verbose`.
 */
import { type CatalogueEntry, catalogueEntry } from '../catalogue.js';
import type { SimError } from '../core/errors.js';
import type { Simulator } from '../core/simulator.js';

/** Where the error came from: the gateway checks, an injected fault, or the operation (parameters, ClientToken, world). */
export type RefusalPhase = 'gateway' | 'fault' | 'operation';

/** A catalogue row as this file uses it: `condition` as written, `shown` without its `<name> = ...` clause. */
interface Row {
  check: string;
  stage: string;
  condition: string;
  shown: string;
}
const OPERATION_STAGES: ReadonlySet<string> = new Set(['parameters', 'idempotency', 'preconditions']);

export interface RefusalFacts {
  sim: Simulator;
  diskId: string | undefined;
  clientToken: string | undefined;
  accessKeyId: string | undefined;
  /** SignatureDoesNotMatch: what the simulator signed. */
  detail?: string | undefined;
}

/** The catalogue rows an error may come from in a phase, with their conditions ready: read once per error id. */
const rowsByPhase = new Map<string, Row[]>();

function rowsOf(entry: CatalogueEntry, phase: RefusalPhase): Row[] {
  const key = `${phase} ${entry.id}`;
  let rows = rowsByPhase.get(key);
  if (rows === undefined) {
    const inPhase = entry.when.filter((row) =>
      phase === 'gateway' ? row.stage === 'gateway' : OPERATION_STAGES.has(row.stage),
    );
    // The catalogue's `<name> = ...` says which parameter a templated message names: here it is known.
    rows = (inPhase.length > 0 ? inPhase : entry.when.slice(0, 1)).map(({ check, stage, condition }) => ({
      check,
      stage,
      condition,
      shown: condition.replace(/\.?\s*<name> = .*$/s, ''),
    }));
    rowsByPhase.set(key, rows);
  }
  return rows;
}

export function refusalReason(error: SimError, phase: RefusalPhase, facts: RefusalFacts): string {
  if (phase === 'fault') return 'fault: injected by PUT /_sim/faults (GET /_sim/faults lists the rules left)';
  const entry = catalogueEntry(error.id);
  const row = pick(rowsOf(entry, phase), error);
  const parameter = error.parameterName === undefined ? '' : ` (parameter ${error.parameterName})`;
  const why = row === undefined ? entry.code : `${row.check}: ${named(row.shown, facts)}${parameter}`;
  return facts.detail === undefined ? why : `${why}; ${facts.detail}`;
}

function pick(rows: Row[], error: SimError): Row | undefined {
  if (rows.length <= 1) return rows[0];
  const name = error.parameterName;
  if (name !== undefined) {
    const quoted = rows.find((r) => r.condition.includes(`'${name}'`));
    if (quoted !== undefined) return quoted;
    const bare = rows.find((r) => r.condition.includes(name));
    if (bare !== undefined) return bare;
  }
  // Several preconditions give the same error: the core names the one that held.
  if (error.check !== undefined) {
    const held = rows.find((r) => r.check === error.check);
    if (held !== undefined) return held;
  }
  return rows[0];
}

/** The condition with this request's ids in place of the parameter names. */
function named(condition: string, facts: RefusalFacts): string {
  let text = condition;
  if (facts.diskId !== undefined) text = text.replaceAll('[DiskId]', `[${facts.diskId}]`);
  if (facts.accessKeyId !== undefined) text = text.replaceAll('[AccessKeyId]', `[${facts.accessKeyId}]`);
  if (facts.clientToken !== undefined) text = text.replaceAll('[ClientToken]', `[${facts.clientToken}]`);
  return text;
}

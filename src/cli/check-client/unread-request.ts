/**
 * Requests the API did not read: refused by the HTTP layer before the simulator saw a request. Graded from
 * whatever the journal keeps of them (any field beyond a journal entry's own is shown as it is, bounded), or,
 * when it keeps nothing, from what the client reports having received.
 */
import type { DriverRun } from './driver.js';
import type { GradedRequest } from './grade.js';

/** A reported value as a message shows it. */
export const shown = (v: unknown) => (v === undefined || v === null ? 'none' : String(v));

/** The fields every journal entry has; any other field is what the journal adds about the request (shown as is). */
const ENTRY_FIELDS = new Set(['time', 'method', 'action', 'parameters', 'signature', 'answer', 'contentType']);
const MAX_SHOWN = 300;
const bounded = (text: string) =>
  text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${text.length} chars)` : text;
/** The values a client makes anew for every request: its nonce, its clock, and the signature over them. */
const VOLATILE = /\b(SignatureNonce|Timestamp|Signature)=[^&"\s]*/g;

/**
 * What arrived, with the values that vary shown as `…`: the same client sending the same call then reads
 * the same, so MATRIX.md stays as it is. A text the journal cut short (ending in `…`) after such a value
 * ends there: where the journal cut it moves with the length of the nonce before.
 */
function steady(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(steady);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, steady(x)]));
  if (typeof v !== 'string') return v;
  const redacted = v.replace(VOLATILE, '$1=…');
  if (redacted === v || !v.endsWith('…')) return redacted;
  const last = [...redacted.matchAll(VOLATILE)].pop() as RegExpExecArray;
  return `${redacted.slice(0, last.index + last[0].length)} (cut short)`;
}

/**
 * Whether the API read the request: a request refused before (at the HTTP layer) has no Action and no
 * signature read. Judged on the entry alone, so any entry the journal keeps is graded the same way.
 */
export const wasRead = (r: GradedRequest) => r.action !== null || r.signature.version !== null;

/** "the client sent X and received Y": a request the API did not read, from whatever the journal kept of it. */
export function refusal(r: GradedRequest): string {
  const extra = Object.entries(r)
    .filter(([k, v]) => !ENTRY_FIELDS.has(k) && v !== undefined)
    .map(([k, v]) => [k, steady(v)] as const)
    .map(([k, v]) => `${k}: ${bounded(typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v)))}`);
  const params = Object.keys(r.parameters).length;
  const sent = `${r.method || 'a request'} with ${params === 0 ? 'no parameter read' : `${params} parameter(s) read`}${extra.length > 0 ? ` (${extra.join('; ')})` : ''}`;
  return `the client sent ${sent} and received ${r.answer.status} ${r.answer.code ?? '(no code)'} (RequestId ${r.answer.requestId}): refused before the API read it`;
}

/**
 * No journal entry. The simulator does not journal what its HTTP layer refuses (a request line it cannot
 * parse), so when the client says it got an answer, that is said too, rather than "nothing arrived".
 */
export function nothingArrived(run: DriverRun): string {
  const base = 'no request reached the simulator (its journal has none)';
  if (!run.result.ok) return base;
  const r = run.result.value;
  if (r.ok || (r.httpStatus == null && r.requestId == null)) return base;
  return `${base}, though the client reports ${r.httpStatus ?? '(no status)'} ${shown(r.code)} (RequestId ${shown(r.requestId)}): the simulator's HTTP layer refuses a request it cannot parse (e.g. raw spaces in the request line) before the journal sees it`;
}

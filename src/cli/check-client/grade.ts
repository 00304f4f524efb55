/**
 * Grades one case: what the client sent (the simulator's journal of the case) and what it told its caller
 * (the driver's result), against what the simulator really answered. Pure: the journal, the answers'
 * content types and the driver's run come in; named checks come out.
 */
import { catalogueEntry } from '../../catalogue.js';
import { scenarioParameters } from '../../contracts/scenarios.js';
import type { JournalEntry } from '../../core/journal.js';
import { COMMON_PARAMETERS } from '../../protocol/api-request.js';
import type { ClientCase } from './cases.js';
import type { DriverResult, DriverRun } from './driver.js';
import { nothingArrived, refusal, shown, wasRead } from './unread-request.js';

/** A request of the case, with the content type it was answered with. */
export type GradedRequest = JournalEntry & { contentType?: string | undefined };

export const CHECKS = [
  'driver',
  'request.arrived',
  'request.answer',
  'request.signature',
  'request.parameters',
  'request.undocumented',
  'request.clientToken',
  'request.format',
  'reported.ok',
  'reported.snapshotId',
  'reported.requestId',
  'reported.code',
  'reported.httpStatus',
] as const;
export type CheckName = (typeof CHECKS)[number];

export interface Grade {
  passed: boolean;
  /** Each failed check, named, with what was wrong. */
  failures: Array<{ check: CheckName; detail: string }>;
  attempts: number;
  retried: boolean;
  /** What happened across attempts, for cases where retrying is the question. */
  note: string | undefined;
  /** The simulator's answers, oldest first. */
  answers: JournalEntry['answer'][];
  /**
   * For a case the client reported as an API error: whether it told its caller the HTTP status. A client
   * that never does lacks the capability, shown once per run (see verdict.ts), rather than failing every
   * error case; a status reported wrong is a failure here.
   */
  statusReported: boolean | undefined;
}

/** Parameter names the OpenAPI description does not know, among `params`. */
export type UnknownParameters = (params: Record<string, string>) => string[];

const describe = (a: JournalEntry['answer']) =>
  a.snapshotId !== undefined ? `${a.status} SnapshotId ${a.snapshotId}` : `${a.status} ${a.code ?? '(no code)'}`;

const wanted = (c: ClientCase) => {
  if (c.expected === 'success') return '200 and a SnapshotId';
  const want = catalogueEntry(c.expected);
  return `${want.status} ${want.code}`;
};

/** What one request must be: the call's API parameters, and the simulator's verdict on its signature. */
export interface RequestWant {
  parameters: Record<string, string>;
  signature: ClientCase['signature'];
  /** The call has no ClientToken: one the client makes up (what a retrying client should do) is fine. */
  madeUpToken: boolean;
  /** Parameters whose value is a boolean: 'True' (Python's str) is the same value as 'true'. */
  booleans?: ReadonlySet<string>;
}

/**
 * The checks of one request on its own (signature, parameters, nothing undocumented): what check-client asks
 * of every request a driver causes, and what a captured request replayed is graded by.
 */
export function requestChecks(
  r: GradedRequest,
  want: RequestWant,
  unknownParameters: UnknownParameters,
  fail: (check: CheckName, detail: string) => void,
): void {
  if (!wasRead(r)) {
    fail('request.arrived', refusal(r));
    return;
  }
  if (r.signature.verdict !== want.signature) {
    const how = r.signature.version === null ? 'an unsigned request' : `a ${r.signature.version} signature`;
    fail(
      'request.signature',
      `${how} judged '${r.signature.verdict}' (answered ${describe(r.answer)}), expected '${want.signature}'`,
    );
  }
  const expected = want.parameters;
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.parameters)) if (!COMMON_PARAMETERS.has(k)) sent[k] = v;
  if (want.madeUpToken) delete sent.ClientToken;
  const unknown = new Set(unknownParameters(sent));
  const same = (k: string, a: string | undefined, b: string) =>
    a === b || (want.booleans?.has(k) === true && a?.toLowerCase() === b.toLowerCase());
  const problems: string[] = [];
  for (const [k, v] of Object.entries(expected)) {
    if (!(k in sent)) problems.push(`${k} missing (expected ${JSON.stringify(v)})`);
    else if (!same(k, sent[k], v)) problems.push(`${k}=${JSON.stringify(sent[k])}, expected ${JSON.stringify(v)}`);
  }
  for (const [k, v] of Object.entries(sent))
    if (!(k in expected) && !unknown.has(k)) problems.push(`${k}=${JSON.stringify(v)} sent, the call has no ${k}`);
  if (problems.length > 0) fail('request.parameters', problems.join('; '));
  // The call's own out-of-range names (Tag.21.* of QuotaExceed.Tags) are what the call asks for.
  const undocumented = [...unknown].filter((k) => !(k in expected));
  if (undocumented.length > 0)
    fail('request.undocumented', `sent parameters the API does not have: ${undocumented.join(', ')}`);
}

/** Transient answers a client may retry: 5xx and throttling. */
const transient = (a: JournalEntry['answer']) => a.status >= 500 || (a.code?.includes('Throttling') ?? false);

export function gradeCase(
  c: ClientCase,
  requests: GradedRequest[],
  run: DriverRun,
  unknownParameters: UnknownParameters,
): Grade {
  const failures: Grade['failures'] = [];
  const fail = (check: CheckName, detail: string) => failures.push({ check, detail });
  const n = requests.length;
  const at = (i: number) => (n > 1 ? `request ${i + 1} of ${n}: ` : '');

  if (!run.result.ok) fail('driver', run.result.problem);

  const first = requests[0];
  const last = requests[n - 1];
  let statusReported: boolean | undefined;
  if (first === undefined || last === undefined) {
    fail('request.arrived', nothingArrived(run));
  } else if (!wasRead(first)) {
    // Refused before the API read it (the HTTP layer): it did not arrive at the API, and what was sent and
    // what came back is the whole story. The same check as no request at all, whether the journal keeps it or not.
    fail('request.arrived', `${refusal(first)}; the scenario calls for ${wanted(c)}`);
    if (run.result.ok) statusReported = reportChecks(run.result.value, last.answer, fail);
  } else {
    const met =
      c.expected === 'success'
        ? first.answer.snapshotId !== undefined
        : first.answer.code === catalogueEntry(c.expected).code;
    if (!met) {
      fail(
        'request.answer',
        `the first request was answered ${describe(first.answer)}, the scenario calls for ${wanted(c)}: the request was not the one asked for`,
      );
    }

    const expected = scenarioParameters(c.input);
    requests.forEach((r, i) => {
      requestChecks(
        r,
        { parameters: expected, signature: c.signature, madeUpToken: c.input.clientToken === undefined },
        unknownParameters,
        (check, detail) => fail(check, `${at(i)}${detail}`),
      );
    });

    const tokens = requests.map((r) => r.parameters.ClientToken);
    if (new Set(tokens).size > 1) {
      fail(
        'request.clientToken',
        `the ClientToken changed across attempts: ${tokens.map((t) => (t === undefined ? '(none)' : t === '' ? '(empty)' : t)).join(', ')}; a retry must repeat it, or the service may create a second snapshot`,
      );
    } else if (n > 1 && tokens[0] === undefined) {
      fail(
        'request.clientToken',
        `retried ${n - 1} time(s) without a ClientToken: a retry of a request that did reach the service may create a second snapshot`,
      );
    }

    if (c.format === 'XML') {
      requests.forEach((r, i) => {
        if (wasRead(r) && !/xml/i.test(r.contentType ?? ''))
          fail(
            'request.format',
            `${at(i)}the call asks for XML, the answer came as ${r.contentType || 'an unknown type'}: the client must send Format=XML, or Accept: text/xml without Format`,
          );
      });
    }

    if (run.result.ok) statusReported = reportChecks(run.result.value, last.answer, fail);
  }

  const retried = n > 1;
  let note: string | undefined;
  if (first !== undefined && (retried || transient(first.answer))) {
    note = retried
      ? `retried: ${n} attempts (${requests.map((r) => describe(r.answer)).join(' → ')})`
      : `did not retry (answered ${describe(first.answer)})`;
  }
  return {
    passed: failures.length === 0,
    failures,
    attempts: n,
    retried,
    note,
    answers: requests.map((r) => r.answer),
    statusReported,
  };
}

/** Checks what the client told its caller against the last answer; for an API error, whether it told the status. */
function reportChecks(
  r: DriverResult,
  answer: JournalEntry['answer'],
  fail: (check: CheckName, detail: string) => void,
): boolean | undefined {
  let statusReported: boolean | undefined;
  const why = r.error ? ` (${r.error})` : '';
  if (answer.snapshotId !== undefined) {
    if (!r.ok) {
      fail('reported.ok', `reported a failure, code ${shown(r.code)}${why}; the service answered ${describe(answer)}`);
      return statusReported;
    }
    if (r.snapshotId !== answer.snapshotId)
      fail(
        'reported.snapshotId',
        `reported snapshotId ${shown(r.snapshotId)}, the service answered ${answer.snapshotId}`,
      );
  } else {
    if (r.ok) {
      fail(
        'reported.ok',
        `reported success (snapshotId ${shown(r.snapshotId)}), the service answered ${describe(answer)}`,
      );
      return statusReported;
    }
    if (r.code !== answer.code)
      fail('reported.code', `reported code ${shown(r.code)}${why}, the service answered ${shown(answer.code)}`);
    statusReported = r.httpStatus !== undefined && r.httpStatus !== null;
    if (statusReported && r.httpStatus !== answer.status)
      fail('reported.httpStatus', `reported httpStatus ${r.httpStatus}, the service answered ${answer.status}`);
  }
  if (r.requestId === undefined || r.requestId === null)
    fail('reported.requestId', `requestId not reported, the service answered ${answer.requestId}`);
  else if (r.requestId !== answer.requestId)
    fail('reported.requestId', `reported requestId ${shown(r.requestId)}, the service answered ${answer.requestId}`);
  return statusReported;
}

/**
 * From the grades of a whole run to each case's verdict: what the client can do at all (its capabilities,
 * shown once per run rather than as a failure of every case), and the checks a team knowingly waives.
 */
import type { CheckName, Grade } from './grade.js';

export interface Capabilities {
  /**
   * Whether the client tells its caller the HTTP status of an API error: true when it did on some error
   * case, false when it never did, undefined when no case ended in an API error the client reported.
   */
  reportsHttpStatus: boolean | undefined;
}

export interface Verdict {
  status: 'passed' | 'failed';
  failures: Grade['failures'];
  /** Failed checks that --waive accepts: shown, not counted. */
  waived: Grade['failures'];
}

export function capabilitiesOf(grades: Grade[]): Capabilities {
  const told = grades.map((g) => g.statusReported).filter((s) => s !== undefined);
  return { reportsHttpStatus: told.length === 0 ? undefined : told.includes(true) };
}

/**
 * A client that reports the status on some errors and not on others fails where it does not; a client
 * that never reports it is graded on what it does report (code, RequestId), and its capability says so.
 */
export function verdictOf(grade: Grade, capabilities: Capabilities, waive: ReadonlySet<CheckName>): Verdict {
  const failures = [...grade.failures];
  const last = grade.answers[grade.answers.length - 1];
  if (capabilities.reportsHttpStatus === true && grade.statusReported === false && last !== undefined)
    failures.push({
      check: 'reported.httpStatus',
      detail: `httpStatus not reported, the service answered ${last.status} (the client reports it on other errors)`,
    });
  const counted = failures.filter((f) => !waive.has(f.check));
  const waived = failures.filter((f) => waive.has(f.check));
  return { status: counted.length === 0 ? 'passed' : 'failed', failures: counted, waived };
}

/** The capability as a report shows it. */
export function statusCapabilityText(c: Capabilities): string {
  if (c.reportsHttpStatus === undefined) return 'not seen';
  return c.reportsHttpStatus ? 'yes' : 'no';
}

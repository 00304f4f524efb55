/**
 * The report of one check-client run, built once from the case runs: each case's verdict (capabilities
 * and waivers applied), the lines the console shows, and the JSON document (`--json`) that the matrix and
 * the HTML report read.
 */
import type { CaseResult } from '../report.js';
import type { ClientCase } from './cases.js';
import type { DriverResult } from './driver.js';
import type { CheckName, Grade, GradedRequest } from './grade.js';
import type { CaseRun } from './harness.js';
import type { MatrixRun } from './matrix.js';
import { type Capabilities, capabilitiesOf, statusCapabilityText, verdictOf } from './verdict.js';

/** The JSON report of one case: the matrix cell, and what grading saw (for the HTML report). */
export interface CaseReport {
  name: string;
  status: 'passed' | 'failed';
  failedChecks: CheckName[];
  waivedChecks: CheckName[];
  retried: boolean;
  attempts: number;
  /** The answer format the call asked for, and what its first request had to meet. */
  format: ClientCase['format'];
  expected: ClientCase['expected'];
  answers: unknown[];
  /** What the driver printed (the client's report to its caller), or null when it printed no usable result. */
  reported: DriverResult | null;
  /** Why there is no usable result (the driver's problem), when there is none. */
  driverProblem?: string;
  /** What the client sent, and what came back: the case's journal. */
  requests: GradedRequest[];
  /** Each failed check with what was wrong; those --waive accepted; what happened across attempts. */
  failures: Grade['failures'];
  waivedFailures: Grade['failures'];
  note?: string;
  message?: string;
}

export interface RunReport {
  client: string;
  driver: string;
  capabilities: Capabilities;
  /** The checks --waive accepted for this run (listed in every report even when no case needed them). */
  waived: CheckName[];
  matrix: MatrixRun;
  cases: CaseReport[];
}

export function gradeRun(
  client: string,
  driver: string,
  cases: ClientCase[],
  runs: CaseRun[],
  waive: ReadonlySet<CheckName>,
): { results: CaseResult[]; json: RunReport } {
  const capabilities = capabilitiesOf(runs.map((r) => r.grade));
  const results: CaseResult[] = [];
  const reports: CaseReport[] = [];
  runs.forEach((run, i) => {
    const c = cases[i] as ClientCase;
    const verdict = verdictOf(run.grade, capabilities, waive);
    const lines = verdict.failures.map((f) => `${f.check}: ${f.detail}`);
    for (const f of verdict.waived) lines.push(`waived ${f.check}: ${f.detail}`);
    if (run.grade.note !== undefined) lines.push(run.grade.note);
    const message = lines.length > 0 ? lines.join('\n') : undefined;
    results.push({
      suite: client,
      name: c.name,
      status: verdict.status,
      durationMs: run.durationMs,
      ...(message ? { message } : {}),
    });
    reports.push({
      name: c.name,
      status: verdict.status,
      failedChecks: [...new Set(verdict.failures.map((f) => f.check))],
      waivedChecks: [...new Set(verdict.waived.map((f) => f.check))],
      retried: run.grade.retried,
      attempts: run.grade.attempts,
      format: c.format,
      expected: c.expected,
      answers: run.grade.answers,
      reported: run.run.result.ok ? run.run.result.value : null,
      ...(run.run.result.ok ? {} : { driverProblem: run.run.result.problem }),
      requests: run.requests,
      failures: verdict.failures,
      waivedFailures: verdict.waived,
      ...(run.grade.note === undefined ? {} : { note: run.grade.note }),
      ...(message ? { message } : {}),
    });
  });
  const waived = [...waive];
  const matrix: MatrixRun = {
    client,
    capabilities,
    waived,
    results: reports.map((r) => ({
      name: r.name,
      status: r.status,
      failedChecks: r.failedChecks,
      waivedChecks: r.waivedChecks,
      retried: r.retried,
      ...(r.message ? { message: r.message } : {}),
    })),
  };
  return { results, json: { client, driver, capabilities, waived, matrix, cases: reports } };
}

/** The lines under the cases: the client's capabilities and the waived checks, once per run. */
export function capabilityLines(report: { json: RunReport }): string[] {
  const { capabilities, waived, cases } = report.json;
  const lines = [
    `capabilities: reports the HTTP status of an API error: ${statusCapabilityText(capabilities)}${capabilities.reportsHttpStatus === false ? ' (error scenarios graded on the code and RequestId it reports)' : ''}`,
  ];
  if (waived.length > 0) {
    const hits = cases.filter((c) => c.waivedChecks.length > 0);
    lines.push(`waived (--waive): ${waived.join(', ')}: failures accepted in ${hits.length} scenario(s)`);
    for (const c of hits)
      for (const line of (c.message ?? '').split('\n').filter((l) => l.startsWith('waived ')))
        lines.push(`  ${c.name} › ${line}`);
  }
  return lines;
}

/**
 * Reports of a conformance run: a readable line per case while it runs, a closing summary line
 * ('N passed, N failed, N skipped'), and JUnit XML or JSON files that CI systems read.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  /** The group: 'pact', 'openapi', a client name... */
  suite: string;
  name: string;
  status: CaseStatus;
  durationMs: number;
  /** Why it failed or was skipped. */
  message?: string;
  /** A passed case that conforms only as the other edition of the page has it (see x-editions). */
  warning?: string;
  /** The error code the provider answered, when a failed case knows it (for hints such as a wrong key). */
  answerCode?: string;
}

export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
}

export class Reporter {
  readonly results: CaseResult[] = [];

  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  add(result: CaseResult): void {
    this.results.push(result);
    const mark = result.status === 'passed' ? 'ok  ' : result.status === 'failed' ? 'FAIL' : 'skip';
    this.write(`${mark} ${result.suite} › ${result.name} (${Math.round(result.durationMs)} ms)`);
    if (result.message && result.status !== 'passed') {
      for (const line of result.message.split('\n')) this.write(`       ${line}`);
    }
    if (result.warning) this.write(`warn ${result.suite} › ${result.name}: ${result.warning}`);
  }

  /** Many results for one line of output, e.g. every interaction of a pact skipped for the same reason. */
  addGroup(results: CaseResult[], label: string): void {
    if (results.length === 0) return;
    this.results.push(...results);
    const status = results[0]?.status;
    const mark = status === 'passed' ? 'ok  ' : status === 'failed' ? 'FAIL' : 'skip';
    this.write(`${mark} ${label} (${results.length} cases): ${results[0]?.message ?? ''}`);
  }

  summary(): RunSummary {
    const count = (s: CaseStatus) => this.results.filter((r) => r.status === s).length;
    return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
  }

  close(): RunSummary {
    const s = this.summary();
    const failed = this.results.filter((r) => r.status === 'failed');
    if (failed.length > 0) {
      this.write('\nFailed:');
      for (const r of failed) this.write(`  ${r.suite} › ${r.name}`);
    }
    this.write(`\n${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
    return s;
  }
}

const xml = (s: string) =>
  s
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters; they are dropped.
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g,
      '',
    );

export function junitXml(name: string, results: CaseResult[]): string {
  const suites = new Map<string, CaseResult[]>();
  for (const r of results) suites.set(r.suite, [...(suites.get(r.suite) ?? []), r]);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const total = (rs: CaseResult[], s: CaseStatus) => rs.filter((r) => r.status === s).length;
  out += `<testsuites name="${xml(name)}" tests="${results.length}" failures="${total(results, 'failed')}" skipped="${total(results, 'skipped')}">\n`;
  for (const [suite, rs] of suites) {
    const time = rs.reduce((t, r) => t + r.durationMs, 0);
    out += `  <testsuite name="${xml(suite)}" tests="${rs.length}" failures="${total(rs, 'failed')}" skipped="${total(rs, 'skipped')}" time="${seconds(time)}">\n`;
    for (const r of rs) {
      out += `    <testcase classname="${xml(suite)}" name="${xml(r.name)}" time="${seconds(r.durationMs)}"`;
      if (r.status === 'passed') out += '/>\n';
      else if (r.status === 'skipped')
        out += `>\n      <skipped message="${xml(r.message ?? '')}"/>\n    </testcase>\n`;
      else
        out += `>\n      <failure message="${xml((r.message ?? '').split('\n')[0] ?? '')}">${xml(r.message ?? '')}</failure>\n    </testcase>\n`;
    }
    out += '  </testsuite>\n';
  }
  return `${out}</testsuites>\n`;
}

export function writeReports(
  options: { junit?: string | undefined; json?: string | undefined },
  name: string,
  results: CaseResult[],
  extra: Record<string, unknown> = {},
): void {
  const write = (file: string, text: string) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  if (options.junit) write(options.junit, junitXml(name, results));
  if (options.json) {
    const summary = {
      passed: results.filter((r) => r.status === 'passed').length,
      failed: results.filter((r) => r.status === 'failed').length,
      skipped: results.filter((r) => r.status === 'skipped').length,
    };
    write(options.json, `${JSON.stringify({ name, summary, ...extra, results }, null, 2)}\n`);
  }
}

/**
 * The compatibility matrix: scenarios down, clients across, a cell per case. Built from the `matrix`
 * field of each `check-client --json` report, which is exactly one `MatrixRun`.
 */

export interface MatrixCase {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  /** The failed checks' details, one per line ('check: detail'). */
  message?: string | undefined;
  /** The names of the failed checks, e.g. 'reported.httpStatus'. */
  failedChecks?: string[] | undefined;
  /** The client sent more than one request (its own retries). */
  retried?: boolean | undefined;
  /** Failed checks that the run's --waive accepted. */
  waivedChecks?: string[] | undefined;
}

export interface MatrixRun {
  /** The client's label (`--name`, or the driver command). */
  client: string;
  results: MatrixCase[];
  /** What the client can do at all, shown once (see verdict.ts). */
  capabilities?: { reportsHttpStatus: boolean | undefined } | undefined;
  /** The checks the run waived (--waive). */
  waived?: string[] | undefined;
}

const statusText = (run: MatrixRun) => {
  const r = run.capabilities?.reportsHttpStatus;
  return r === undefined ? '–' : r ? 'yes' : '**no**';
};

const cellText = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function cell(c: MatrixCase | undefined): string {
  if (c === undefined) return '–';
  const waived = (c.waivedChecks ?? []).map((k) => ` waived \`${k}\``).join('');
  if (c.status === 'passed') return `${c.retried ? 'pass (retried)' : 'pass'}${waived}`;
  if (c.status === 'skipped') return 'skip';
  const checks = c.failedChecks ?? [];
  return checks.length === 0 ? '**FAIL**' : `**FAIL** ${checks.map((k) => `\`${k}\``).join(' ')}`;
}

/** Markdown: a summary line per client, the table, then every failure's details per client. */
export function matrixMarkdown(runs: MatrixRun[]): string {
  const names: string[] = [];
  for (const run of runs) for (const r of run.results) if (!names.includes(r.name)) names.push(r.name);
  const byName = runs.map((run) => new Map(run.results.map((r) => [r.name, r])));
  const count = (run: MatrixRun, s: MatrixCase['status']) => run.results.filter((r) => r.status === s).length;

  let out = '| client | passed | failed | skipped | reports HTTP status | waived |\n|---|---:|---:|---:|---|---|\n';
  for (const run of runs) {
    const waived = (run.waived ?? []).map((k) => `\`${k}\``).join(' ') || '–';
    out += `| ${cellText(run.client)} | ${count(run, 'passed')} | ${count(run, 'failed')} | ${count(run, 'skipped')} | ${statusText(run)} | ${waived} |\n`;
  }

  out += `\n| scenario | ${runs.map((r) => cellText(r.client)).join(' | ')} |\n`;
  out += `|---|${runs.map(() => '---').join('|')}|\n`;
  for (const name of names) out += `| ${cellText(name)} | ${byName.map((m) => cell(m.get(name))).join(' | ')} |\n`;

  for (const run of runs) {
    const failed = run.results.filter((r) => r.status === 'failed');
    if (failed.length === 0) continue;
    out += `\n### ${run.client}: ${failed.length} failed\n\n`;
    for (const r of failed) {
      out += `- ${r.name}\n`;
      for (const line of (r.message ?? '').split('\n').filter((l) => l.trim() !== '')) out += `  - ${line}\n`;
    }
  }
  return out;
}

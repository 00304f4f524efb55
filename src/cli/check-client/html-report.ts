/**
 * The HTML report of one or more check-client runs (`check-client --html FILE`; `npm run matrix -- --html`):
 * the matrix first, then every scenario of every client: what was sent (the simulator's journal), what came
 * back, what the client reported, which checks failed. Filters by client and verdict. One self-contained
 * file; everything a client sent is escaped, so no request can inject markup into the report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { GradedRequest } from './grade.js';
import { SCRIPT, STYLE } from './html-report-assets.js';
import type { CaseReport, RunReport } from './run-report.js';
import { statusCapabilityText } from './verdict.js';

const esc = (v: unknown) =>
  String(v).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const anchor = (run: number, c: number) => `case-${run}-${c}`;

function matrixHtml(runs: RunReport[]): string {
  const count = (r: RunReport, s: string) => r.cases.filter((c) => c.status === s).length;
  let out = '<table class="summary"><thead><tr><th>client</th><th>passed</th><th>failed</th>';
  out += '<th>reports HTTP status</th><th>waived</th></tr></thead><tbody>';
  for (const r of runs)
    out += `<tr><td>${esc(r.client)}</td><td>${count(r, 'passed')}</td><td>${count(r, 'failed')}</td><td>${statusCapabilityText(r.capabilities)}</td><td>${esc(r.waived.join(', ') || '–')}</td></tr>`;
  out += '</tbody></table>';
  const names: string[] = [];
  for (const r of runs) for (const c of r.cases) if (!names.includes(c.name)) names.push(c.name);
  out += `<table class="matrix"><thead><tr><th>scenario</th>${runs.map((r) => `<th>${esc(r.client)}</th>`).join('')}</tr></thead><tbody>`;
  for (const name of names) {
    out += `<tr><td>${esc(name)}</td>`;
    runs.forEach((r, ri) => {
      const ci = r.cases.findIndex((c) => c.name === name);
      const c = r.cases[ci];
      if (c === undefined) out += '<td class="none">–</td>';
      else
        out += `<td class="${c.status === 'passed' ? 'pass' : 'fail'}"><a href="#${anchor(ri, ci)}">${c.status === 'passed' ? 'pass' : `FAIL ${esc(c.failedChecks.join(' '))}`}</a></td>`;
    });
    out += '</tr>';
  }
  return `${out}</tbody></table>`;
}

function sentHtml(requests: GradedRequest[]): string {
  if (requests.length === 0) return '<p>No request reached the simulator.</p>';
  return requests
    .map((r, i) => {
      const params = Object.entries(r.parameters)
        .map(([k, v]) => `${esc(k)}=${esc(JSON.stringify(v))}`)
        .join('\n');
      const sig = `${r.signature.version ?? 'unsigned'}, ${r.signature.verdict}`;
      const a = r.answer;
      const back = [
        `${a.status}`,
        a.code === undefined ? '' : `code ${esc(a.code)}`,
        a.snapshotId === undefined ? '' : `SnapshotId ${esc(a.snapshotId)}`,
        `RequestId ${esc(a.requestId)}`,
        r.contentType === undefined ? '' : esc(r.contentType),
      ]
        .filter((s) => s !== '')
        .join(', ');
      return `<h4>Request ${i + 1} of ${requests.length}: ${esc(r.method)} ${esc(r.action ?? '(no Action)')}, signature ${esc(sig)}</h4>
<div class="sent"><strong>What was sent</strong> (parameters, decoded)<pre>${params || '(none read)'}</pre></div>
<div class="answer"><strong>What came back</strong>: <code>${back}</code></div>`;
    })
    .join('\n');
}

function caseHtml(run: RunReport, ri: number, c: CaseReport, ci: number): string {
  const reported =
    c.reported !== null ? JSON.stringify(c.reported, null, 1) : `no usable result: ${c.driverProblem ?? 'unknown'}`;
  const item = (f: CaseReport['failures'][number]) => `<li><code>${esc(f.check)}</code>: ${esc(f.detail)}</li>`;
  const notes = [
    ...c.waivedFailures.map((f) => `waived ${f.check}: ${f.detail}`),
    ...(c.note === undefined ? [] : [c.note]),
  ];
  return `<section class="case" id="${anchor(ri, ci)}" data-client="${esc(run.client)}" data-verdict="${c.status}">
<h3><span class="badge ${c.status}">${c.status}</span> ${esc(c.name)} <span class="client">· ${esc(run.client)}</span></h3>
<p>Asks for ${esc(c.format)}; the first request must meet ${esc(c.expected === 'success' ? '200 and a SnapshotId' : c.expected)}.</p>
${sentHtml(c.requests)}
<div class="reported"><strong>What the client reported</strong><pre>${esc(reported)}</pre></div>
<div class="failed"><strong>Failed checks</strong>${c.failures.length === 0 ? ': none' : `<ul class="checks">${c.failures.map(item).join('')}</ul>`}</div>
${notes.length === 0 ? '' : `<ul class="notes">${notes.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`}
</section>`;
}

export function htmlReport(runs: RunReport[]): string {
  const clients = runs.map((r) => `<option value="${esc(r.client)}">${esc(r.client)}</option>`).join('');
  const cases = runs.flatMap((r, ri) => r.cases.map((c, ci) => caseHtml(r, ri, c, ci))).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>check-client report</title><style>${STYLE}</style></head>
<body>
<h1>check-client: ECS CreateSnapshot clients graded against the simulator</h1>
<h2>Matrix</h2>
${matrixHtml(runs)}
<h2>Scenarios</h2>
<div class="filters">
<label>client <select id="filter-client"><option value="">all clients</option>${clients}</select></label>
<label>verdict <select id="filter-verdict"><option value="">all</option><option value="passed">passed</option><option value="failed">failed</option></select></label>
<span id="shown"></span>
</div>
${cases}
<script>${SCRIPT}</script>
</body></html>
`;
}

export function writeHtmlReport(file: string, runs: RunReport[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, htmlReport(runs));
}

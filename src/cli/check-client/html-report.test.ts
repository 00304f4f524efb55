import { describe, expect, it } from 'vitest';
import { htmlReport } from './html-report.js';
import type { RunReport } from './run-report.js';

const hostile = '<script>alert(1)</script>';
const run: RunReport = {
  client: hostile,
  driver: 'x',
  capabilities: { reportsHttpStatus: false },
  waived: ['request.clientToken'],
  matrix: { client: hostile, results: [] },
  cases: [
    {
      name: 's1',
      status: 'failed',
      failedChecks: ['request.parameters'],
      waivedChecks: [],
      retried: false,
      attempts: 1,
      format: 'JSON',
      expected: 'success',
      answers: [],
      reported: { ok: true, snapshotId: hostile },
      requests: [
        {
          time: 't',
          method: 'GET',
          action: 'CreateSnapshot',
          parameters: { [hostile]: `"${hostile}` },
          signature: { version: 'V1', verdict: 'valid' },
          answer: { status: 200, requestId: 'R', snapshotId: 's-1' },
        },
      ],
      failures: [{ check: 'request.parameters', detail: `${hostile} sent` }],
      waivedFailures: [],
    },
  ],
};

describe('htmlReport', () => {
  it('escapes everything a client sent or reported, and shows the capability and the waivers', () => {
    const html = htmlReport([run]);
    expect(html).not.toContain(hostile);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain('<td>no</td><td>request.clientToken</td>');
  });
});

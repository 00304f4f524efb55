import { describe, expect, it } from 'vitest';
import type { Grade } from './grade.js';
import { capabilitiesOf, verdictOf } from './verdict.js';

const grade = (statusReported: boolean | undefined, failures: Grade['failures'] = []): Grade => ({
  passed: failures.length === 0,
  failures,
  attempts: 1,
  retried: false,
  note: undefined,
  answers: [{ status: 403, requestId: 'R', code: 'QuotaExceed.Snapshot' }],
  statusReported,
});
const none = new Set<never>();

describe('capabilities and verdicts', () => {
  it('a client that never reports the HTTP status lacks the capability, and its error cases pass on what it reports', () => {
    const grades = [grade(undefined), grade(false), grade(false)];
    const capabilities = capabilitiesOf(grades);
    expect(capabilities).toEqual({ reportsHttpStatus: false });
    expect(grades.map((g) => verdictOf(g, capabilities, none).status)).toEqual(['passed', 'passed', 'passed']);
  });

  it('a client that reports it on some errors fails where it does not', () => {
    const capabilities = capabilitiesOf([grade(true), grade(false)]);
    expect(capabilities).toEqual({ reportsHttpStatus: true });
    expect(verdictOf(grade(false), capabilities, none)).toEqual({
      status: 'failed',
      failures: [
        {
          check: 'reported.httpStatus',
          detail: 'httpStatus not reported, the service answered 403 (the client reports it on other errors)',
        },
      ],
      waived: [],
    });
  });

  it('no error case reported: the capability is unknown', () => {
    expect(capabilitiesOf([grade(undefined)])).toEqual({ reportsHttpStatus: undefined });
  });

  it('a waived check is kept aside, not counted', () => {
    const failed = grade(true, [{ check: 'request.clientToken', detail: 'retried without a ClientToken' }]);
    const capabilities = { reportsHttpStatus: true };
    expect(verdictOf(failed, capabilities, none).status).toBe('failed');
    expect(verdictOf(failed, capabilities, new Set(['request.clientToken'] as const))).toEqual({
      status: 'passed',
      failures: [],
      waived: [{ check: 'request.clientToken', detail: 'retried without a ClientToken' }],
    });
  });
});

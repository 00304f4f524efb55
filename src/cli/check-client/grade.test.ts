import { describe, expect, it } from 'vitest';
import { scenarioParameters } from '../../contracts/scenarios.js';
import { type ClientCase, clientCases } from './cases.js';
import type { DriverResult, DriverRun } from './driver.js';
import { type GradedRequest, gradeCase } from './grade.js';

const success = clientCases[0] as ClientCase;
const quota = clientCases.find((c) => c.expected === 'QuotaExceed.Snapshot') as ClientCase;
const noUnknown = () => [];
const ran = (value: DriverResult): DriverRun => ({
  result: { ok: true, value },
  exitCode: 0,
  timedOut: false,
  stderr: '',
  durationMs: 1,
});
const request = (parameters: Record<string, string>, answer: GradedRequest['answer']): GradedRequest => ({
  time: '2026-12-01T08:34:23.000Z',
  method: 'POST',
  action: 'CreateSnapshot',
  parameters,
  signature: { version: 'V1', verdict: 'valid' },
  answer,
  contentType: 'application/json',
});
const common = {
  Action: 'CreateSnapshot',
  Version: '2014-05-26',
  Format: 'JSON',
  AccessKeyId: 'LTAI5tSimulatorTestKey01',
  Signature: 'x',
  SignatureMethod: 'HMAC-SHA1',
  SignatureVersion: '1.0',
  SignatureNonce: 'n',
  Timestamp: '2026-12-01T08:34:23Z',
};

describe('gradeCase', () => {
  it('grades SignatureType (empty, as the Python and Go SDKs sign it) and RegionId as common parameters', () => {
    const params = { ...common, SignatureType: '', RegionId: 'cn-hangzhou', ...scenarioParameters(success.input) };
    const answer = { status: 200, requestId: 'R', snapshotId: 's-1' };
    const grade = gradeCase(
      success,
      [request(params, answer)],
      ran({ ok: true, snapshotId: 's-1', requestId: 'R' }),
      noUnknown,
    );
    expect(grade.failures).toEqual([]);
    expect(grade.passed).toBe(true);
  });

  it('still names a parameter the call does not have', () => {
    const params = { ...common, ...scenarioParameters(success.input), Extra: '1' };
    const answer = { status: 200, requestId: 'R', snapshotId: 's-1' };
    const grade = gradeCase(
      success,
      [request(params, answer)],
      ran({ ok: true, snapshotId: 's-1', requestId: 'R' }),
      noUnknown,
    );
    expect(grade.failures).toEqual([{ check: 'request.parameters', detail: 'Extra="1" sent, the call has no Extra' }]);
  });

  it('records a missing HTTP status as a capability, and fails a wrong one', () => {
    const params = { ...common, ...scenarioParameters(quota.input) };
    const answer = { status: 403, requestId: 'R', code: 'QuotaExceed.Snapshot' };
    const told = (httpStatus: number | null) =>
      gradeCase(
        quota,
        [request(params, answer)],
        ran({ ok: false, code: 'QuotaExceed.Snapshot', httpStatus, requestId: 'R' }),
        noUnknown,
      );
    expect(told(null)).toMatchObject({ passed: true, statusReported: false });
    expect(told(403)).toMatchObject({ passed: true, statusReported: true });
    expect(told(500)).toMatchObject({
      passed: false,
      statusReported: true,
      failures: [{ check: 'reported.httpStatus', detail: 'reported httpStatus 500, the service answered 403' }],
    });
  });

  it('grades a journal entry the API did not read as what the client sent and received (nonce, clock and signature as …), whatever else it carries', () => {
    const refused = {
      ...request({}, { status: 400, requestId: 'R-HTTP', code: 'InvalidParameter' }),
      action: null,
      signature: { version: null, verdict: 'not-checked' as const },
      method: 'GET',
      // The shape issue 11's HTTP layer journals a refusal in; read generically, as any extra field would be.
      refused: {
        what: 'URL',
        reason: 'HPE_INVALID_URL',
        target:
          '/?Description=Nightly backup&SignatureNonce=8c1f-77&Timestamp=2026-12-01T10%3A00%3A00Z&Signature=AbC%3D',
      },
    };
    const grade = gradeCase(
      success,
      [refused],
      ran({ ok: false, code: 'InvalidParameter', httpStatus: 400, requestId: 'R-HTTP' }),
      noUnknown,
    );
    expect(grade.failures.map((f) => f.check)).toEqual(['request.arrived']);
    expect(grade.failures[0]?.detail).toBe(
      'the client sent GET with no parameter read (refused: {"what":"URL","reason":"HPE_INVALID_URL","target":"/?Description=Nightly backup&SignatureNonce=…&Timestamp=…&Signature=…"}) and received 400 InvalidParameter (RequestId R-HTTP): refused before the API read it; the scenario calls for 200 and a SnapshotId',
    );
  });

  it('ends a target the journal cut short at its last value that varies, so two requests of a call read the same', () => {
    // The journal cuts at a fixed length: after a nonce of another length, it cuts elsewhere in DiskId.
    const cutShort = (nonce: string, tail: string) =>
      gradeCase(
        success,
        [
          {
            ...request({}, { status: 400, requestId: 'R-HTTP', code: 'InvalidParameter' }),
            action: null,
            signature: { version: null, verdict: 'not-checked' as const },
            refused: {
              what: 'URL',
              reason: 'HPE_INVALID_CONSTANT',
              target: `/?Action=CreateSnapshot&SignatureNonce=${nonce}&Timestamp=2026-12-01T10%3A00%3A00Z&${tail}…`,
            },
          },
        ],
        ran({ ok: false, code: 'InvalidParameter', httpStatus: 400, requestId: 'R-HTTP' }),
        noUnknown,
      ).failures[0]?.detail;
    const short = cutShort('1796122368.53-4045', 'DiskId=d-contract-0001&Des');
    expect(short).toContain('"target":"/?Action=CreateSnapshot&SignatureNonce=…&Timestamp=… (cut short)"');
    expect(cutShort('1796122368.5390303-40458', 'DiskId=d-con')).toBe(short);
  });

  it('says what the client reports receiving when no request reached the journal', () => {
    const grade = gradeCase(
      success,
      [],
      ran({ ok: false, code: 'InvalidParameter', httpStatus: 400, requestId: 'R-HTTP' }),
      noUnknown,
    );
    expect(grade.failures).toHaveLength(1);
    expect(grade.failures[0]?.detail).toMatch(
      /^no request reached the simulator \(its journal has none\), though the client reports 400 InvalidParameter \(RequestId R-HTTP\): the simulator's HTTP layer refuses/,
    );
    const silent = gradeCase(success, [], ran({ ok: false, code: null, error: 'ECONNREFUSED' }), noUnknown);
    expect(silent.failures[0]?.detail).toBe('no request reached the simulator (its journal has none)');
  });
});

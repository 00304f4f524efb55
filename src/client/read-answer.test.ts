import { describe, expect, it } from 'vitest';
import { type Answer, readAnswer } from './read-answer.js';

const answer = (status: number, contentType: string, body: string, requestIdHeader?: string): Answer => ({
  status,
  contentType,
  body,
  requestIdHeader,
});

const envelope = { RequestId: 'R-1', HostId: 'ecs.aliyuncs.com', Code: 'Throttling', Message: 'm', Recommend: 'u' };

describe('readAnswer', () => {
  it('reads success and error bodies in JSON', () => {
    expect(readAnswer(answer(200, 'application/json', '{"RequestId":"R-1","SnapshotId":"s-1"}'))).toEqual({
      ok: true,
      snapshotId: 's-1',
      requestId: 'R-1',
    });
    expect(readAnswer(answer(400, 'application/json;charset=utf-8', JSON.stringify(envelope)))).toEqual({
      ok: false,
      error: {
        kind: 'api',
        code: 'Throttling',
        httpStatus: 400,
        message: 'm',
        requestId: 'R-1',
        recommend: 'u',
        hostId: 'ecs.aliyuncs.com',
        documented: true,
      },
    });
  });

  it('chooses the parser by content type, and sniffs "<" when the type says neither', () => {
    const xml = '<CreateSnapshotResponse><RequestId>R</RequestId><SnapshotId>s</SnapshotId></CreateSnapshotResponse>';
    for (const type of ['text/xml;charset=utf-8', 'application/xml', 'text/plain', '']) {
      expect(readAnswer(answer(200, type, xml)), type).toMatchObject({ ok: true, snapshotId: 's' });
    }
    expect(readAnswer(answer(200, '', '{"SnapshotId":"s","RequestId":"R"}'))).toMatchObject({ ok: true });
    // A JSON content type with an XML body is not silently accepted.
    expect(readAnswer(answer(200, 'application/json', xml))).toMatchObject({ ok: false, error: { kind: 'protocol' } });
  });

  it('marks codes the catalogue lacks as undocumented, and fills missing fields', () => {
    const result = readAnswer(answer(418, 'application/json', '{"Code":"Teapot"}', 'R-header'));
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'api',
        code: 'Teapot',
        httpStatus: 418,
        message: '',
        requestId: 'R-header',
        recommend: '',
        hostId: '',
        documented: false,
      },
    });
  });

  it('takes the request ID from x-acs-request-id when the body has none', () => {
    expect(readAnswer(answer(200, 'application/json', '{"SnapshotId":"s"}', 'R-h'))).toEqual({
      ok: true,
      snapshotId: 's',
      requestId: 'R-h',
    });
  });

  it('anything else is a protocol error with the status and the body', () => {
    const cases: Array<[number, string, string]> = [
      [200, 'application/json', '{"RequestId":"R"}'],
      [200, 'application/json', '{"RequestId":"R","SnapshotId":""}'],
      [200, 'application/json', '{"RequestId":"R","SnapshotId":42}'],
      [200, 'application/json', '[1,2]'],
      [200, 'text/html', '<html><body>hi</body></html>'],
      [200, 'application/json', '{"RequestId":'],
      [200, 'application/json', JSON.stringify(envelope)], // an error envelope with a success status
      [503, 'text/plain', 'Service Unavailable'],
      [500, 'application/json', '{"Message":"no code"}'],
      [302, 'application/json', JSON.stringify(envelope)],
    ];
    for (const [status, type, body] of cases) {
      expect(readAnswer(answer(status, type, body)), body).toEqual({
        ok: false,
        error: { kind: 'protocol', httpStatus: status, message: expect.stringContaining(`HTTP ${status}`), body },
      });
    }
  });
});

/**
 * Turns an HTTP answer into a result value. Only two shapes count: a 2xx success body with a SnapshotId,
 * and a 4xx/5xx error envelope with a Code. Anything else (a proxy's HTML page, a truncated body, a 200
 * without SnapshotId) is a protocol error carrying the body, so that the caller can see what came back.
 */
import { findCatalogueEntry } from '../catalogue.js';
import { readFlatXml } from './flat-xml.js';
import type { CreateSnapshotResult, ProtocolError } from './types.js';

export interface Answer {
  status: number;
  /** The Content-Type header, '' when absent. */
  contentType: string;
  /** The x-acs-request-id header: the request ID when the body has none. */
  requestIdHeader: string | undefined;
  body: string;
}

type Fields = Readonly<Record<string, unknown>>;

function parseJson(body: string): Fields | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The content type decides; without a JSON or XML one (text/plain, none at all) the first character does,
 * because some gateways label XML loosely.
 */
function parseBody(contentType: string, body: string): Fields | undefined {
  const type = contentType.toLowerCase();
  const xml = type.includes('xml') || (!type.includes('json') && body.trimStart().startsWith('<'));
  return xml ? readFlatXml(body)?.fields : parseJson(body);
}

const text = (fields: Fields, name: string): string | undefined => {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
};

const protocolError = (answer: Answer, message: string): { ok: false; error: ProtocolError } => ({
  ok: false,
  error: { kind: 'protocol', httpStatus: answer.status, message, body: answer.body },
});

export function readAnswer(answer: Answer): CreateSnapshotResult {
  const { status } = answer;
  const fields = parseBody(answer.contentType, answer.body);
  const label = answer.contentType === '' ? 'no content type' : answer.contentType;
  if (fields === undefined) return protocolError(answer, `HTTP ${status}: the body is neither JSON nor XML (${label})`);
  // The body's RequestId is the documented one; the header is only a fallback for envelopes that lack it.
  const requestId = text(fields, 'RequestId') ?? answer.requestIdHeader ?? '';

  if (status >= 200 && status < 300) {
    const snapshotId = text(fields, 'SnapshotId');
    if (snapshotId === undefined || snapshotId === '') {
      return protocolError(answer, `HTTP ${status}: a success answer without SnapshotId`);
    }
    return { ok: true, snapshotId, requestId };
  }

  const code = text(fields, 'Code');
  if (status >= 400 && code !== undefined && code !== '') {
    return {
      ok: false,
      error: {
        kind: 'api',
        code,
        httpStatus: status,
        message: text(fields, 'Message') ?? '',
        requestId,
        recommend: text(fields, 'Recommend') ?? '',
        hostId: text(fields, 'HostId') ?? '',
        documented: findCatalogueEntry(code) !== undefined,
      },
    };
  }
  return protocolError(answer, `HTTP ${status}: neither a success body nor an error envelope with a Code`);
}

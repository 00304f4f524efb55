/** The answers on the wire: the success body and the error envelope, in JSON or XML. */
import { assumptions, type CatalogueEntry, renderMessage } from '../catalogue.js';
import type { WireResponse } from './wire.js';

export type Format = 'JSON' | 'XML';

const CONTENT_TYPE: Record<Format, string> = {
  JSON: 'application/json;charset=utf-8',
  // The V3 SDK parses an XML error only with exactly this content type (wire-protocol.md).
  XML: 'text/xml;charset=utf-8',
};

const escapeXml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

/** Same layout as the examples of the description. */
function body(format: Format, root: string, fields: Record<string, string>): string {
  if (format === 'JSON') return JSON.stringify(fields);
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>\n`;
  for (const k in fields) xml += `  <${k}>${escapeXml(fields[k] as string)}</${k}>\n`;
  return `${xml}</${root}>\n`;
}

export function renderSuccess(format: Format, requestId: string, snapshotId: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE[format], 'x-acs-request-id': requestId },
    body: body(format, 'CreateSnapshotResponse', { RequestId: requestId, SnapshotId: snapshotId }),
  };
}

export function recommendUrl(code: string, requestId: string): string {
  return assumptions.recommendUrl.replace('{Code}', code).replace('{RequestId}', requestId);
}

export interface RenderedError {
  entry: CatalogueEntry;
  parameterName?: string;
  /** Appended to the message after a space, as the gateway does for SignatureDoesNotMatch. */
  detail?: string;
}

export function renderError(format: Format, requestId: string, error: RenderedError): WireResponse {
  const { entry } = error;
  const message = renderMessage(entry, error.parameterName);
  return {
    status: entry.status,
    headers: { 'content-type': CONTENT_TYPE[format], 'x-acs-request-id': requestId },
    body: body(format, 'Error', {
      RequestId: requestId,
      HostId: assumptions.hostId,
      Code: entry.code,
      Message: error.detail === undefined ? message : `${message} ${error.detail}`,
      Recommend: recommendUrl(entry.code, requestId),
    }),
  };
}

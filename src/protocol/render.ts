/**
 * The answers on the wire: the success body and the error envelope, in JSON or XML.
 * Every request renders one of these, so the constant parts are built once per catalogue entry and format; the
 * output is exactly `JSON.stringify` of the fields, or the XML layout of the description's examples.
 */
import { assumptions, type CatalogueEntry, renderMessage } from '../catalogue.js';
import type { WireResponse } from './wire.js';

export type Format = 'JSON' | 'XML';

const CONTENT_TYPE: Record<Format, string> = {
  JSON: 'application/json;charset=utf-8',
  // The V3 SDK parses an XML error only with exactly this content type (wire-protocol.md).
  XML: 'text/xml;charset=utf-8',
};

const XML_SPECIAL = /[&<>"]/;
const escapeXml = (s: string) =>
  XML_SPECIAL.test(s)
    ? s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
    : s;

/** A field value as it appears in the body: a JSON string literal, or escaped XML text. */
const value = (format: Format, s: string) => (format === 'JSON' ? JSON.stringify(s) : escapeXml(s));

/** `{"A":` / `,"B":` in JSON, `  <A>` and `</A>\n` around the value in XML. */
function open(format: Format, name: string, first: boolean): string {
  return format === 'JSON' ? `${first ? '{' : ','}${JSON.stringify(name)}:` : `  <${name}>`;
}
const close = (format: Format, name: string) => (format === 'JSON' ? '' : `</${name}>\n`);
const start = (format: Format, root: string) =>
  format === 'JSON' ? '' : `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>\n`;
const end = (format: Format, root: string) => (format === 'JSON' ? '}' : `</${root}>\n`);

const headers = (format: Format, requestId: string) => ({
  'content-type': CONTENT_TYPE[format],
  'x-acs-request-id': requestId,
});

const successParts = {
  JSON: successTemplate('JSON'),
  XML: successTemplate('XML'),
};
function successTemplate(format: Format) {
  const root = 'CreateSnapshotResponse';
  return {
    beforeRequestId: start(format, root) + open(format, 'RequestId', true),
    beforeSnapshotId: close(format, 'RequestId') + open(format, 'SnapshotId', false),
    after: close(format, 'SnapshotId') + end(format, root),
  };
}

export function renderSuccess(format: Format, requestId: string, snapshotId: string): WireResponse {
  const t = successParts[format];
  return {
    status: 200,
    headers: headers(format, requestId),
    body: `${t.beforeRequestId}${value(format, requestId)}${t.beforeSnapshotId}${value(format, snapshotId)}${t.after}`,
  };
}

/** `assumptions.recommendUrl` with the code in, as a function of the RequestId. */
function recommendFor(code: string): (requestId: string) => string {
  const url = assumptions.recommendUrl.replace('{Code}', () => code);
  const at = url.indexOf('{RequestId}');
  if (at === -1) return () => url;
  const before = url.slice(0, at);
  const after = url.slice(at + '{RequestId}'.length);
  return (requestId) => before + requestId + after;
}

export function recommendUrl(code: string, requestId: string): string {
  return recommendFor(code)(requestId);
}

export interface RenderedError {
  entry: CatalogueEntry;
  parameterName?: string;
  /** Appended to the message after a space, as the gateway does for SignatureDoesNotMatch. */
  detail?: string;
}

interface ErrorTemplate {
  beforeRequestId: string;
  /** From after the RequestId to the Message's value. */
  beforeMessage: string;
  beforeRecommend: string;
  recommend: (requestId: string) => string;
  /** The message when no parameter is named. */
  message: string;
  after: string;
}

const errorTemplates = { JSON: new Map<string, ErrorTemplate>(), XML: new Map<string, ErrorTemplate>() };
function errorTemplate(format: Format, entry: CatalogueEntry): ErrorTemplate {
  let t = errorTemplates[format].get(entry.id);
  if (t === undefined) {
    t = {
      beforeRequestId: start(format, 'Error') + open(format, 'RequestId', true),
      beforeMessage:
        close(format, 'RequestId') +
        open(format, 'HostId', false) +
        value(format, assumptions.hostId) +
        close(format, 'HostId') +
        open(format, 'Code', false) +
        value(format, entry.code) +
        close(format, 'Code') +
        open(format, 'Message', false),
      beforeRecommend: close(format, 'Message') + open(format, 'Recommend', false),
      recommend: recommendFor(entry.code),
      message: renderMessage(entry),
      after: close(format, 'Recommend') + end(format, 'Error'),
    };
    errorTemplates[format].set(entry.id, t);
  }
  return t;
}

export function renderError(format: Format, requestId: string, error: RenderedError): WireResponse {
  const { entry } = error;
  const t = errorTemplate(format, entry);
  const message = error.parameterName === undefined ? t.message : renderMessage(entry, error.parameterName);
  return {
    status: entry.status,
    headers: headers(format, requestId),
    body:
      t.beforeRequestId +
      value(format, requestId) +
      t.beforeMessage +
      value(format, error.detail === undefined ? message : `${message} ${error.detail}`) +
      t.beforeRecommend +
      value(format, t.recommend(requestId)) +
      t.after,
  };
}

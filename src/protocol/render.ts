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

/** What JSON.stringify escapes in a string: quotes, backslashes, control characters, and lone surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const JSON_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;
/** A field value's text as it appears in the body: inside a JSON string literal, or escaped XML text. */
const text = (format: Format, s: string) =>
  format === 'XML' ? escapeXml(s) : JSON_SPECIAL.test(s) ? JSON.stringify(s).slice(1, -1) : s;
/** A field value as it appears in the body: a JSON string literal, or escaped XML text. */
const value = (format: Format, s: string) => (format === 'JSON' ? JSON.stringify(s) : escapeXml(s));
/** JSON values are string literals: the templates around a value's text end and start with the quotes. */
const quote = (format: Format) => (format === 'JSON' ? '"' : '');

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
  const q = quote(format);
  return {
    beforeRequestId: start(format, root) + open(format, 'RequestId', true) + q,
    beforeSnapshotId: q + close(format, 'RequestId') + open(format, 'SnapshotId', false) + q,
    after: q + close(format, 'SnapshotId') + end(format, root),
  };
}

export function renderSuccess(format: Format, requestId: string, snapshotId: string): WireResponse {
  const t = successParts[format];
  return {
    status: 200,
    headers: headers(format, requestId),
    body: `${t.beforeRequestId}${text(format, requestId)}${t.beforeSnapshotId}${text(format, snapshotId)}${t.after}`,
  };
}

/** `assumptions.recommendUrl` with the code in, split where the RequestId goes (no second part: it has none). */
function recommendParts(code: string): [string, string | undefined] {
  const url = assumptions.recommendUrl.replace('{Code}', () => code);
  const at = url.indexOf('{RequestId}');
  return at === -1 ? [url, undefined] : [url.slice(0, at), url.slice(at + '{RequestId}'.length)];
}

export function recommendUrl(code: string, requestId: string): string {
  const [before, after] = recommendParts(code);
  return after === undefined ? before : before + requestId + after;
}

export interface RenderedError {
  entry: CatalogueEntry;
  parameterName?: string;
  /** Appended to the message after a space, as the gateway does for SignatureDoesNotMatch. */
  detail?: string;
}

interface ErrorTemplate {
  /** Up to the RequestId's text (its opening quote in JSON). */
  beforeRequestId: string;
  /** From after the RequestId's text to the Message's text. */
  beforeMessage: string;
  /** From after the Message's text to the RequestId's text in the Recommend URL. */
  beforeRecommendId: string;
  /** Whether the Recommend URL has the RequestId in it. */
  idInRecommend: boolean;
  /** From after that to the end. */
  after: string;
  /** The Message's text when no parameter is named and nothing is appended. */
  message: string;
}

const errorTemplates = { JSON: new Map<string, ErrorTemplate>(), XML: new Map<string, ErrorTemplate>() };
function errorTemplate(format: Format, entry: CatalogueEntry): ErrorTemplate {
  let t = errorTemplates[format].get(entry.id);
  if (t === undefined) {
    const q = quote(format);
    // The RequestId stands inside the Recommend URL too: the URL is split around it. Escaping works character
    // by character, so the escaped parts around the escaped RequestId make the escaped whole.
    const [urlBefore, urlAfter] = recommendParts(entry.code);
    t = {
      beforeRequestId: start(format, 'Error') + open(format, 'RequestId', true) + q,
      beforeMessage:
        q +
        close(format, 'RequestId') +
        open(format, 'HostId', false) +
        value(format, assumptions.hostId) +
        close(format, 'HostId') +
        open(format, 'Code', false) +
        value(format, entry.code) +
        close(format, 'Code') +
        open(format, 'Message', false) +
        q,
      beforeRecommendId: q + close(format, 'Message') + open(format, 'Recommend', false) + q + text(format, urlBefore),
      idInRecommend: urlAfter !== undefined,
      after: text(format, urlAfter ?? '') + q + close(format, 'Recommend') + end(format, 'Error'),
      message: text(format, renderMessage(entry)),
    };
    errorTemplates[format].set(entry.id, t);
  }
  return t;
}

export function renderError(format: Format, requestId: string, error: RenderedError): WireResponse {
  const { entry, parameterName, detail } = error;
  const t = errorTemplate(format, entry);
  const id = text(format, requestId);
  let message = t.message;
  if (parameterName !== undefined || detail !== undefined) {
    const rendered = parameterName === undefined ? renderMessage(entry) : renderMessage(entry, parameterName);
    message = text(format, detail === undefined ? rendered : `${rendered} ${detail}`);
  }
  return {
    status: entry.status,
    headers: headers(format, requestId),
    body:
      t.beforeRequestId + id + t.beforeMessage + message + t.beforeRecommendId + (t.idInRecommend ? id : '') + t.after,
  };
}

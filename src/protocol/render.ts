/**
 * The answers on the wire: the success body and the error envelope, in JSON or XML, with the headers real
 * answers carry (x-acs-request-id = RequestId, x-acs-trace-id, Access-Control-Allow-Origin: *; on throttling,
 * x-ratelimit-user and x-ratelimit-user-api). Every request renders one of these, so the constant parts are built
 * once per catalogue entry, edition and format; the output is exactly `JSON.stringify` of the fields, or the XML
 * layout real answers have (`<?xml version='1.0' encoding='UTF-8'?>` on its own line).
 */
import {
  assumptions,
  type CatalogueEntry,
  DEFAULT_EDITION,
  type Edition,
  factsOf,
  renderMessage,
} from '../catalogue.js';
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
const start = (format: Format, root: string) => (format === 'JSON' ? '' : `${XML_PROLOG}\n<${root}>\n`);
const end = (format: Format, root: string) => (format === 'JSON' ? '}' : `</${root}>\n`);

/** As real answers write it: single quotes (createsnapshot-today.md). */
export const XML_PROLOG = "<?xml version='1.0' encoding='UTF-8'?>";

/**
 * The trace id of an answer: real ones are 32 lower-case hex digits, not published as related to the RequestId;
 * the simulator derives it from the RequestId (assumption), so that one journal entry names both.
 */
export function traceIdOf(requestId: string): string {
  return requestId.replace(/-/g, '').toLowerCase();
}

const headers = (format: Format, requestId: string): Record<string, string> => ({
  'content-type': CONTENT_TYPE[format],
  'x-acs-request-id': requestId,
  'x-acs-trace-id': traceIdOf(requestId),
  'access-control-allow-origin': '*',
});

/** What an answer depends on beyond the error: where the request went, which edition answers, the time. */
export interface AnswerContext {
  /** The host the request was sent to, which HostId echoes; x-assumptions.hostId when empty. */
  host?: string;
  edition?: Edition;
  /** Wall-clock epoch ms, for the Reset of the rate-limit headers. */
  now?: number;
}

const rateLimit = assumptions.rateLimit;
/** `Limit:…,Remain:0,TimeLeft:<ms>,Reset:<epoch ms>`, as the darabonba openapi v2 SDK reads it to pick its delay. */
function rateLimitHeader(now: number): string {
  return `Limit:${rateLimit.limit},Remain:0,TimeLeft:${rateLimit.timeLeftMs},Reset:${now + rateLimit.timeLeftMs}`;
}

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
  /** The values of the message's `%s`, in order. */
  args?: readonly string[];
  /** Appended to the message after a space, as the gateway does for SignatureDoesNotMatch. */
  detail?: string;
}

interface ErrorTemplate {
  status: number;
  throttling: boolean;
  /** Up to the RequestId's text (its opening quote in JSON). */
  beforeRequestId: string;
  /** From after the RequestId's text to the HostId's text. */
  beforeHost: string;
  /** From after the HostId's text to the Message's text. */
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

/** Per format and edition, by entry id. */
const errorTemplates = {
  JSON: new Map<Edition, Map<string, ErrorTemplate>>(),
  XML: new Map<Edition, Map<string, ErrorTemplate>>(),
};
function errorTemplate(format: Format, entry: CatalogueEntry, edition: Edition): ErrorTemplate {
  let byId = errorTemplates[format].get(edition);
  if (byId === undefined) {
    byId = new Map();
    errorTemplates[format].set(edition, byId);
  }
  let t = byId.get(entry.id);
  if (t === undefined) {
    const q = quote(format);
    // The RequestId stands inside the Recommend URL too: the URL is split around it. Escaping works character
    // by character, so the escaped parts around the escaped RequestId make the escaped whole.
    const [urlBefore, urlAfter] = recommendParts(entry.code);
    t = {
      status: factsOf(entry, edition).status,
      throttling: entry.code.startsWith('Throttling'),
      beforeRequestId: start(format, 'Error') + open(format, 'RequestId', true) + q,
      beforeHost: q + close(format, 'RequestId') + open(format, 'HostId', false) + q,
      beforeMessage:
        q +
        close(format, 'HostId') +
        open(format, 'Code', false) +
        value(format, entry.code) +
        close(format, 'Code') +
        open(format, 'Message', false) +
        q,
      beforeRecommendId: q + close(format, 'Message') + open(format, 'Recommend', false) + q + text(format, urlBefore),
      idInRecommend: urlAfter !== undefined,
      after: text(format, urlAfter ?? '') + q + close(format, 'Recommend') + end(format, 'Error'),
      message: text(format, renderMessage(entry, undefined, undefined, edition)),
    };
    byId.set(entry.id, t);
  }
  return t;
}

export function renderError(
  format: Format,
  requestId: string,
  error: RenderedError,
  answer: AnswerContext = {},
): WireResponse {
  const { entry, parameterName, detail, args } = error;
  const edition = answer.edition ?? DEFAULT_EDITION;
  const t = errorTemplate(format, entry, edition);
  const id = text(format, requestId);
  const host = text(format, answer.host || assumptions.hostId);
  let message = t.message;
  if (parameterName !== undefined || detail !== undefined || args !== undefined) {
    const rendered = renderMessage(entry, parameterName, args, edition);
    message = text(format, detail === undefined ? rendered : `${rendered} ${detail}`);
  }
  const h = headers(format, requestId);
  if (t.throttling) {
    const limit = rateLimitHeader(answer.now ?? 0);
    h['x-ratelimit-user'] = limit;
    h['x-ratelimit-user-api'] = limit;
  }
  return {
    status: t.status,
    headers: h,
    body:
      t.beforeRequestId +
      id +
      t.beforeHost +
      host +
      t.beforeMessage +
      message +
      t.beforeRecommendId +
      (t.idInRecommend ? id : '') +
      t.after,
  };
}

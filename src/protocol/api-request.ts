/**
 * What the gateway reads off a request before any check: parameters from the query and the form body,
 * the signature version, the action, the format asked for. Nothing is judged here.
 */

import { assumptions } from '../catalogue.js';
import { compact } from '../core/strings.js';
import { commonParameters } from '../generated/common-parameters.js';
import type { Format } from './render.js';
import { parseAuthorization } from './signature-v3.js';
import { type Pair, parsePairs, queryOf, type WireRequest } from './wire.js';

/** The V1 signature parameters a request must carry, in the order MissingParameter names the first absent one. */
export const V1_REQUIRED = [
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
];

/**
 * The common RPC parameters (components.parameters with x-common in the description: SignatureType and
 * RegionId among them); everything else is an API parameter of CreateSnapshot.
 */
export const COMMON_PARAMETERS: ReadonlySet<string> = new Set(commonParameters);

export interface ApiRequest {
  wire: WireRequest;
  method: string;
  /** The query string as sent, and the form body when the request has one ('' otherwise). */
  queryText: string;
  form: string;
  /** Query pairs, decoded, in order. */
  query: Pair[];
  /** Query and form pairs together: what a V1 signature covers. */
  pairs: Pair[];
  /** By name; the first occurrence wins. */
  params: Record<string, string>;
  /** API parameters only (common ones removed). */
  apiParams: Record<string, string>;
  signatureVersion: 'V1' | 'V3';
  authorization: string | undefined;
  action: string | undefined;
  version: string | undefined;
  format: Format;
  /** The Format parameter, when it names neither JSON nor XML. */
  badFormat: string | undefined;
  /** The host the request was sent to (the Host header; '' when there is none). */
  host: string;
  /** The region asked for: RegionId, else the one the endpoint host names; null when neither does. */
  region: string | null;
}

/** `ecs.cn-hangzhou.aliyuncs.com` and `ecs-cn-hangzhou.aliyuncs.com` name cn-hangzhou; `ecs.aliyuncs.com` none. */
const REGIONAL_HOST = /^ecs[.-]([a-z]{2,}(?:-[a-z0-9]+){1,3})\.aliyuncs\.com(?::\d+)?$/;
let lastHost = { host: '', region: null as string | null };
/** Clients send many requests to one host: the last one read is kept with its region. */
export function regionOfHost(host: string): string | null {
  if (host !== lastHost.host) lastHost = { host, region: REGIONAL_HOST.exec(host.toLowerCase())?.[1] ?? null };
  return lastHost.region;
}

/**
 * Parameters by name, on a prototype with no properties and no prototype of its own: a parameter named
 * `constructor` or `__proto__` is a parameter like any other. (Not Object.create(null) itself: V8 keeps such
 * objects as hash tables, several times slower to fill and read on every request.)
 */
const NO_PROPERTIES: object = Object.create(null);
const parameterRecord = (): Record<string, string> => Object.create(NO_PROPERTIES);

const isForm = (contentType: string | undefined) =>
  contentType?.toLowerCase().includes('application/x-www-form-urlencoded') === true;

/** Whether a V3 Authorization header's SignedHeaders list content-type (any case). */
function signsContentType(authorization: string): boolean {
  const parsed = parseAuthorization(authorization);
  return parsed.ok && parsed.signedHeaders.some((name) => name.toLowerCase() === 'content-type');
}

/** Every parameter by name (the first occurrence wins), and the API parameters alone. */
function byName(pairs: Pair[]): { params: Record<string, string>; apiParams: Record<string, string> } {
  const params = parameterRecord();
  const apiParams = parameterRecord();
  for (const [name, value] of pairs) {
    if (Object.hasOwn(params, name)) continue;
    params[name] = value;
    if (!COMMON_PARAMETERS.has(name)) apiParams[name] = value;
  }
  return { params, apiParams };
}

/** Characters of a request's query and form body the journal keeps (x-assumptions.limits.journalBytesPerRequest). */
export const JOURNAL_TEXT = assumptions.limits.journalBytesPerRequest;

/**
 * The parameters of a request as {@link readApiRequest} reads them, from its query string and form body, decoded
 * only when called: for the journal, which keeps the two strings (compact copies) rather than the decoded pairs.
 */
export function parametersLater(query: string, form: string): () => Record<string, string> {
  // The journal keeps at most x-assumptions.limits.journalBytesPerRequest of a request's parameters.
  const q = compact(query.slice(0, JOURNAL_TEXT));
  const f = compact(form.slice(0, Math.max(0, JOURNAL_TEXT - q.length)));
  return () => byName(parsePairs(f, parsePairs(q))).params;
}

export function readApiRequest(wire: WireRequest): ApiRequest {
  const method = wire.method === 'GET' || wire.method === 'POST' ? wire.method : wire.method.toUpperCase();
  const queryText = queryOf(wire.url);
  const query = parsePairs(queryText);
  let pairs: Pair[] = query;
  const authorization = wire.header('authorization');
  const host = wire.header('host') ?? '';
  const v3 = authorization?.trimStart().startsWith('ACS3-') === true;
  // V3 signs the body's bytes, not how they are read: a body is read as parameters only when its content-type is
  // signed too, or an unsigned content-type could turn signed bytes into parameters.
  const form =
    wire.body !== '' && isForm(wire.header('content-type')) && (!v3 || signsContentType(authorization as string))
      ? wire.body
      : '';
  if (form !== '') pairs = parsePairs(form, query.slice());
  const { params, apiParams } = byName(pairs);
  const formatParam = params.Format;
  const upper = formatParam?.toUpperCase();
  const accept = (wire.header('accept') ?? '').toLowerCase();
  let format: Format;
  if (upper === 'JSON' || upper === 'XML') format = upper;
  else format = accept.includes('json') ? 'JSON' : 'XML';
  return {
    wire,
    method,
    queryText,
    form,
    query,
    pairs,
    params,
    apiParams,
    signatureVersion: v3 ? 'V3' : 'V1',
    authorization,
    action: v3 ? (wire.header('x-acs-action') ?? params.Action) : params.Action,
    version: v3 ? (wire.header('x-acs-version') ?? params.Version) : params.Version,
    format,
    badFormat: formatParam !== undefined && upper !== 'JSON' && upper !== 'XML' ? formatParam : undefined,
    host,
    region: params.RegionId || regionOfHost(host),
  };
}

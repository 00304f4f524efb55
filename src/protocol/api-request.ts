/**
 * What the gateway reads off a request before any check: parameters from the query and the form body,
 * the signature version, the action, the format asked for. Nothing is judged here.
 */

import type { Format } from './render.js';
import { type Pair, parsePairs, queryOf, type WireRequest } from './wire.js';

/** The common RPC parameters; everything else is an API parameter of CreateSnapshot. */
export const COMMON_PARAMETERS = new Set([
  'Action',
  'Version',
  'Format',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
  'SecurityToken',
  'RegionId',
]);

export interface ApiRequest {
  wire: WireRequest;
  method: string;
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
}

const isForm = (contentType: string | undefined) =>
  contentType?.toLowerCase().includes('application/x-www-form-urlencoded') === true;

export function readApiRequest(wire: WireRequest): ApiRequest {
  const method = wire.method.toUpperCase();
  const query = parsePairs(queryOf(wire.url));
  const pairs: Pair[] = query.slice();
  if (wire.body !== '' && isForm(wire.header('content-type'))) parsePairs(wire.body, pairs);
  // No prototype: a parameter named `constructor` or `__proto__` is a parameter like any other.
  const params: Record<string, string> = Object.create(null);
  const apiParams: Record<string, string> = Object.create(null);
  for (const [name, value] of pairs) {
    if (params[name] !== undefined) continue;
    params[name] = value;
    if (!COMMON_PARAMETERS.has(name)) apiParams[name] = value;
  }
  const authorization = wire.header('authorization');
  const v3 = authorization?.trimStart().startsWith('ACS3-') === true;
  const formatParam = params.Format;
  const upper = formatParam?.toUpperCase();
  const accept = (wire.header('accept') ?? '').toLowerCase();
  let format: Format;
  if (upper === 'JSON' || upper === 'XML') format = upper;
  else format = accept.includes('json') ? 'JSON' : 'XML';
  return {
    wire,
    method,
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
  };
}

/**
 * Re-signs a recorded request with fresh credentials, time and nonce: a pact stores an example signature
 * that a provider checking signatures rightly refuses, so the verifier re-signs each request before it
 * reaches the provider (toolchain.md), instead of switching the checks off.
 */

import type { Hasher } from '../protocol/hash.js';
import { percentEncode } from '../protocol/percent-encode.js';
import type { Credentials } from '../protocol/sign-request.js';
import { timestampOf } from '../protocol/sign-request.js';
import { signV1 } from '../protocol/signature-v1.js';
import { parseAuthorization, signV3 } from '../protocol/signature-v3.js';
import { type Pair, parsePairs, pathOf, queryOf } from '../protocol/wire.js';

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

const encode = (pairs: Pair[]) => pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
const isForm = (headers: Record<string, string>) =>
  (headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');

export async function resign(
  request: RecordedRequest,
  credentials: Credentials,
  hasher: Hasher,
  options: { now?: Date; nonce?: string } = {},
): Promise<RecordedRequest> {
  const now = options.now ?? new Date();
  const nonce = options.nonce ?? `${now.getTime().toString(16)}${Math.random().toString(16).slice(2, 14)}`;
  const method = request.method.toUpperCase();
  const authorization = request.headers.authorization;
  const path = pathOf(request.url);
  const query = parsePairs(queryOf(request.url));

  if (authorization?.startsWith('ACS3-')) {
    const parsed = parseAuthorization(authorization);
    const signedHeaders = parsed.ok
      ? parsed.signedHeaders
      : ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'];
    const headers: Record<string, string> = {
      ...request.headers,
      'x-acs-date': timestampOf(now),
      'x-acs-signature-nonce': nonce,
    };
    delete headers['x-acs-content-sha256'];
    const signed = await signV3(hasher, { method, query, headers, signedHeaders, body: request.body, ...credentials });
    return {
      ...request,
      headers: { ...headers, 'x-acs-content-sha256': signed.contentSha256, authorization: signed.authorization },
    };
  }

  // V1: the signature covers query and form body together; refresh the time, nonce and key, then sign.
  const form = method === 'POST' && isForm(request.headers) ? parsePairs(request.body) : [];
  const fresh: Record<string, string> = {
    AccessKeyId: credentials.accessKeyId,
    Timestamp: timestampOf(now),
    SignatureNonce: nonce,
  };
  const refresh = (pairs: Pair[]) => pairs.filter(([k]) => k !== 'Signature').map(([k, v]): Pair => [k, fresh[k] ?? v]);
  const newQuery = refresh(query);
  const newForm = refresh(form);
  const signature = await signV1(hasher, method, [...newQuery, ...newForm], credentials.accessKeySecret);
  if (form.length > 0) {
    const body = encode([...newForm, ['Signature', signature]]);
    return {
      ...request,
      url: newQuery.length > 0 ? `${path}?${encode(newQuery)}` : path,
      body,
      headers: { ...request.headers, 'content-length': String(new TextEncoder().encode(body).length) },
    };
  }
  return { ...request, url: `${path}?${encode([...newQuery, ['Signature', signature]])}` };
}

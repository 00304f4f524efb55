/**
 * Builds signed CreateSnapshot requests as real clients put them on the wire (wire-protocol.md):
 * V1 as pop-core does (GET with everything in the query, or POST with everything in a form body),
 * V3 as @alicloud/ecs20140526 does (POST /?<API parameters>, x-acs-* headers, Authorization).
 */
import type { Hasher } from './hash.js';
import { percentEncode } from './percent-encode.js';
import { signV1 } from './signature-v1.js';
import { signV3 } from './signature-v3.js';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface SignOptions {
  hasher: Hasher;
  credentials: Credentials;
  /** API parameters (DiskId, SnapshotName, Tag.1.Key, ...). */
  params: Record<string, string>;
  /** Host the request goes to, e.g. `127.0.0.1:8080` (V3 signs it). */
  host: string;
  nonce?: string;
  /** Defaults to now. */
  date?: Date;
  /** Format parameter (V1), or the Accept header (V3). */
  format?: 'JSON' | 'XML';
}

export interface SignedRequest {
  method: 'GET' | 'POST';
  /** Path and query. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const timestampOf = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;
const randomNonce = () =>
  `${Date.now().toString(16)}${Math.random().toString(16).slice(2)}${Math.random().toString(16).slice(2)}`;
const encodePairs = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');

export async function signV1Request(options: SignOptions & { method?: 'GET' | 'POST' }): Promise<SignedRequest> {
  const method = options.method ?? 'GET';
  const all: Record<string, string> = {
    Action: 'CreateSnapshot',
    Version: '2014-05-26',
    Format: options.format ?? 'JSON',
    AccessKeyId: options.credentials.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: options.nonce ?? randomNonce(),
    Timestamp: timestampOf(options.date ?? new Date()),
    ...options.params,
  };
  all.Signature = await signV1(options.hasher, method, Object.entries(all), options.credentials.accessKeySecret);
  const encoded = encodePairs(all);
  if (method === 'GET') return { method, url: `/?${encoded}`, headers: { host: options.host }, body: '' };
  return {
    method,
    url: '/',
    headers: { host: options.host, 'content-type': 'application/x-www-form-urlencoded' },
    body: encoded,
  };
}

/** What signV3Request signs, as @alicloud/ecs20140526 does: host and every x-acs-* header it sends. */
export const V3_SIGNED_HEADERS: readonly string[] = [
  'host',
  'x-acs-action',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-version',
];

export async function signV3Request(options: SignOptions & { body?: string }): Promise<SignedRequest> {
  const body = options.body ?? '';
  const headers: Record<string, string> = {
    host: options.host,
    'x-acs-action': 'CreateSnapshot',
    'x-acs-version': '2014-05-26',
    'x-acs-date': timestampOf(options.date ?? new Date()),
    'x-acs-signature-nonce': options.nonce ?? randomNonce(),
    accept: options.format === 'XML' ? 'text/xml' : 'application/json',
  };
  const signedHeaders = V3_SIGNED_HEADERS;
  const { authorization, contentSha256 } = await signV3(options.hasher, {
    method: 'POST',
    query: Object.entries(options.params),
    headers,
    signedHeaders,
    body,
    accessKeyId: options.credentials.accessKeyId,
    accessKeySecret: options.credentials.accessKeySecret,
  });
  const query = encodePairs(options.params);
  return {
    method: 'POST',
    url: query === '' ? '/' : `/?${query}`,
    headers: { ...headers, 'x-acs-content-sha256': contentSha256, authorization },
    body,
  };
}

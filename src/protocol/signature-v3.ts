/**
 * Alibaba Cloud signature V3 (`ACS3-HMAC-SHA256`). Algorithm: /work/shared/reference/wire-protocol.md,
 * section "Signature algorithms", V3:
 *
 *   canonicalRequest = METHOD \n "/" \n canonicalQuery \n canonicalHeaders \n signedHeaders \n hex(sha256(body))
 *   toSign           = "ACS3-HMAC-SHA256\n" + hex(sha256(canonicalRequest))
 *   sig              = hex(HMAC-SHA256(key = AccessKeySecret, toSign))     (no "&" suffix, unlike V1)
 *
 * The signed header list comes from the request's Authorization header, never a fixed list: clients that
 * retry also sign x-acs-retry-attempts and x-acs-retry-delay.
 */
import { constantTimeEqual, type Hasher } from './hash.js';
import { canonicalQuery, type ParamPair } from './percent-encode.js';

export const ALGORITHM_V3 = 'ACS3-HMAC-SHA256';
export const CONTENT_SHA256_HEADER = 'x-acs-content-sha256';

/** Looks a header up by lower-case name; `undefined` when absent. */
export type HeaderLookup = (lowerCaseName: string) => string | undefined;
/** A lookup function, or a plain object of headers (any case; names are lower-cased once here). */
export type HeadersInput = HeaderLookup | Readonly<Record<string, string | undefined>>;

export type ParsedAuthorization =
  | {
      readonly ok: true;
      readonly algorithm: string;
      readonly accessKeyId: string;
      readonly signedHeaders: string[];
      readonly signature: string;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=a;b;c,Signature=<hex>`, tolerating spaces around
 * the commas. Any algorithm token is returned as-is so the caller can choose the error for it; names in
 * SignedHeaders are kept verbatim because they are part of what the client signed.
 */
export function parseAuthorization(header: string): ParsedAuthorization {
  const trimmed = header.trim();
  const space = trimmed.search(/\s/);
  if (space <= 0) return { ok: false, reason: 'expected "<algorithm> Credential=...,SignedHeaders=...,Signature=..."' };
  const algorithm = trimmed.slice(0, space);
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const item = part.trim();
    const eq = item.indexOf('=');
    if (eq <= 0) return { ok: false, reason: `malformed field "${item}"` };
    const key = item.slice(0, eq);
    if (fields.has(key)) return { ok: false, reason: `duplicate field "${key}"` };
    fields.set(key, item.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (accessKeyId === undefined || accessKeyId === '') return { ok: false, reason: 'missing Credential' };
  if (signedHeaders === undefined || signedHeaders === '') return { ok: false, reason: 'missing SignedHeaders' };
  if (signature === undefined || signature === '') return { ok: false, reason: 'missing Signature' };
  return { ok: true, algorithm, accessKeyId, signedHeaders: signedHeaders.split(';'), signature };
}

function toLookup(headers: HeadersInput): HeaderLookup {
  if (typeof headers === 'function') return headers;
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) lower.set(name.toLowerCase(), value);
  }
  return (name) => lower.get(name);
}

export interface CanonicalRequestV3Input {
  readonly method: string;
  /** Decoded query pairs; they are re-encoded canonically (the raw wire query cannot be signed as-is). */
  readonly query: ReadonlyArray<ParamPair>;
  readonly headers: HeaderLookup;
  readonly signedHeaders: ReadonlyArray<string>;
  /** Lower-case hex SHA-256 of the body. */
  readonly hashedPayload: string;
}

export function canonicalRequestV3(input: CanonicalRequestV3Input): string {
  const { method, query, headers, signedHeaders, hashedPayload } = input;
  let canonicalHeaders = '';
  for (const name of signedHeaders) {
    // A signed header the request lacks signs as empty, which then fails to match rather than throwing.
    canonicalHeaders += `${name}:${(headers(name.toLowerCase()) ?? '').trim()}\n`;
  }
  // The path is always "/" for RPC-style APIs.
  return [
    method.toUpperCase(),
    '/',
    canonicalQuery(query),
    canonicalHeaders,
    signedHeaders.join(';'),
    hashedPayload,
  ].join('\n');
}

export async function stringToSignV3(hasher: Hasher, canonicalRequest: string): Promise<string> {
  return `${ALGORITHM_V3}\n${await hasher.sha256Hex(canonicalRequest)}`;
}

export interface SignV3Input {
  readonly method: string;
  readonly query: ReadonlyArray<ParamPair>;
  /** If x-acs-content-sha256 is signed but absent here, the computed body hash is used for it. */
  readonly headers: HeadersInput;
  readonly signedHeaders: ReadonlyArray<string>;
  readonly body: string | Uint8Array;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/** Client-side signing (tests, example clients). Send `contentSha256` as x-acs-content-sha256. */
export async function signV3(
  hasher: Hasher,
  input: SignV3Input,
): Promise<{ authorization: string; contentSha256: string }> {
  const contentSha256 = await hasher.sha256Hex(input.body);
  const given = toLookup(input.headers);
  const headers: HeaderLookup = (name) => given(name) ?? (name === CONTENT_SHA256_HEADER ? contentSha256 : undefined);
  const canonicalRequest = canonicalRequestV3({
    method: input.method,
    query: input.query,
    headers,
    signedHeaders: input.signedHeaders,
    hashedPayload: contentSha256,
  });
  const signature = await hasher.hmacSha256Hex(input.accessKeySecret, await stringToSignV3(hasher, canonicalRequest));
  const authorization = `${ALGORITHM_V3} Credential=${input.accessKeyId},SignedHeaders=${input.signedHeaders.join(';')},Signature=${signature}`;
  return { authorization, contentSha256 };
}

export interface VerifyV3Input {
  readonly method: string;
  readonly query: ReadonlyArray<ParamPair>;
  readonly headers: HeadersInput;
  readonly body: string | Uint8Array;
  /** The raw Authorization header value. */
  readonly authorization: string;
  readonly accessKeySecret: string;
}

export type VerifyV3Result =
  | { readonly ok: true }
  /** `stringToSign` and `canonicalRequest` are the server's, for the SignatureDoesNotMatch message. */
  | {
      readonly ok: false;
      readonly reason: 'content-sha256-mismatch' | 'signature-mismatch';
      readonly stringToSign: string;
      readonly canonicalRequest: string;
    }
  /** Nothing to recompute: the Authorization header is unusable (IncompleteSignature / InvalidSignatureMethod). */
  | {
      readonly ok: false;
      readonly reason: 'malformed-authorization' | 'unsupported-algorithm';
      readonly detail: string;
    };

/**
 * Checks x-acs-content-sha256 against the body, then the signature. The canonical request always uses the
 * server's own body hash, so a client that lied about the hash can never pass.
 */
export async function verifyV3(hasher: Hasher, input: VerifyV3Input): Promise<VerifyV3Result> {
  const auth = parseAuthorization(input.authorization);
  if (!auth.ok) return { ok: false, reason: 'malformed-authorization', detail: auth.reason };
  if (auth.algorithm !== ALGORITHM_V3) return { ok: false, reason: 'unsupported-algorithm', detail: auth.algorithm };

  const headers = toLookup(input.headers);
  const bodySha256 = await hasher.sha256Hex(input.body);
  const canonicalRequest = canonicalRequestV3({
    method: input.method,
    query: input.query,
    headers,
    signedHeaders: auth.signedHeaders,
    hashedPayload: bodySha256,
  });
  const stringToSign = await stringToSignV3(hasher, canonicalRequest);

  if (headers(CONTENT_SHA256_HEADER)?.trim().toLowerCase() !== bodySha256) {
    return { ok: false, reason: 'content-sha256-mismatch', stringToSign, canonicalRequest };
  }
  const expected = await hasher.hmacSha256Hex(input.accessKeySecret, stringToSign);
  if (!constantTimeEqual(auth.signature.toLowerCase(), expected)) {
    return { ok: false, reason: 'signature-mismatch', stringToSign, canonicalRequest };
  }
  return { ok: true };
}

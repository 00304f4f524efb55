/**
 * Alibaba Cloud RPC signature V1 (`SignatureVersion=1.0`, HMAC-SHA1; some gateways also accept
 * `SignatureMethod=HMAC-SHA256`). Algorithm: /work/shared/reference/wire-protocol.md, section
 * "Signature algorithms", V1:
 *
 *   params = query ∪ form body, without "Signature"
 *   canon  = canonicalQuery(params)
 *   toSign = METHOD + "&" + pe("/") + "&" + pe(canon)
 *   sig    = base64(HMAC(key = AccessKeySecret + "&", toSign))
 */
import { constantTimeEqual, type Hasher } from './hash.js';
import { canonicalQuery, type ParamPair } from './percent-encode.js';

export type SignatureMethodV1 = 'HMAC-SHA1' | 'HMAC-SHA256';

const SIGNATURE_PARAM = 'Signature';
const JOINERS: Record<string, string> = { '%': '%25', '=': '%3D', '&': '%26' };
const encodeJoiner = (c: string) => JOINERS[c] as string;
// pe("/"): RPC APIs are always called on the root path.
const ENCODED_ROOT = '%2F';

/**
 * The string V1 signs. Any `Signature` pair is dropped here too, so a server can pass every decoded
 * query and form pair straight through.
 */
export function stringToSignV1(method: string, params: ReadonlyArray<ParamPair>): string {
  const signed = params.filter(([name]) => name !== SIGNATURE_PARAM);
  // The canonical query is made of pe()-encoded pieces, so only '%', '=' and '&' are left to encode.
  return `${method.toUpperCase()}&${ENCODED_ROOT}&${canonicalQuery(signed).replace(/[%=&]/g, encodeJoiner)}`;
}

// The V1 key is the secret plus "&" (historically secret + "&" + token secret, which RPC leaves empty).
function hmacV1(
  hasher: Hasher,
  signatureMethod: SignatureMethodV1,
  accessKeySecret: string,
  toSign: string,
): Promise<string> {
  const key = `${accessKeySecret}&`;
  const mac =
    signatureMethod === 'HMAC-SHA256' ? hasher.hmacSha256Base64(key, toSign) : hasher.hmacSha1Base64(key, toSign);
  return Promise.resolve(mac);
}

/** Computes the `Signature` value for `params` (which should not contain one). */
export async function signV1(
  hasher: Hasher,
  method: string,
  params: ReadonlyArray<ParamPair>,
  accessKeySecret: string,
  signatureMethod: SignatureMethodV1 = 'HMAC-SHA1',
): Promise<string> {
  return hmacV1(hasher, signatureMethod, accessKeySecret, stringToSignV1(method, params));
}

export interface VerifyV1Input {
  readonly method: string;
  /** Decoded query and form pairs; may (and normally does) include `Signature`. */
  readonly params: ReadonlyArray<ParamPair>;
  readonly accessKeySecret: string;
}

export type VerifyV1Result =
  | { readonly ok: true }
  /** `stringToSign` and `expected` are what the server computed, for the SignatureDoesNotMatch message. */
  | { readonly ok: false; readonly stringToSign: string; readonly expected: string };

/**
 * Recomputes the signature and compares it with the `Signature` parameter. The HMAC follows the request's
 * `SignatureMethod` (`HMAC-SHA256`, otherwise HMAC-SHA1); rejecting unknown methods with
 * InvalidSignatureMethod is the caller's job. A missing `Signature` simply fails.
 */
export async function verifyV1(hasher: Hasher, input: VerifyV1Input): Promise<VerifyV1Result> {
  const { method, params, accessKeySecret } = input;
  const given = params.find(([name]) => name === SIGNATURE_PARAM)?.[1];
  const signatureMethod: SignatureMethodV1 =
    params.find(([name]) => name === 'SignatureMethod')?.[1] === 'HMAC-SHA256' ? 'HMAC-SHA256' : 'HMAC-SHA1';
  const stringToSign = stringToSignV1(method, params);
  const expected = await hmacV1(hasher, signatureMethod, accessKeySecret, stringToSign);
  if (given !== undefined && constantTimeEqual(given, expected)) return { ok: true };
  return { ok: false, stringToSign, expected };
}

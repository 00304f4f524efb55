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
import { type ParamPair, percentEncode } from './percent-encode.js';

export type SignatureMethodV1 = 'HMAC-SHA1' | 'HMAC-SHA256';

const SIGNATURE_PARAM = 'Signature';
// pe("/"): RPC APIs are always called on the root path.
const ENCODED_ROOT = '%2F';

/**
 * The string V1 signs. Any `Signature` pair is dropped here too, so a server can pass every decoded
 * query and form pair straight through.
 *
 * `pe(canonicalQuery(params))` is built in one pass: the canonical pieces are made of pe()-encoded names and
 * values, so in them only '%' needs escaping again, and the '=' and '&' between them are written encoded.
 * Same order as canonicalQuery: by encoded name, ties by encoded value. An insertion sort: a request has a dozen
 * parameters, mostly in order already, and this runs on every request.
 */
export function stringToSignV1(method: string, params: ReadonlyArray<ParamPair>): string {
  const names: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < params.length; i++) {
    const [rawName, rawValue] = params[i] as ParamPair;
    if (rawName === SIGNATURE_PARAM) continue;
    const name = percentEncode(rawName);
    const value = percentEncode(rawValue);
    let j = names.length;
    for (; j > 0; j--) {
      const before = names[j - 1] as string;
      if (before < name || (before === name && (values[j - 1] as string) <= value)) break;
      names[j] = before;
      values[j] = values[j - 1] as string;
    }
    names[j] = name;
    values[j] = value;
  }
  let out = `${method.toUpperCase()}&${ENCODED_ROOT}&`;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const value = values[i] as string;
    out +=
      (i === 0 ? '' : '%26') +
      (name.includes('%') ? name.replaceAll('%', '%25') : name) +
      '%3D' +
      (value.includes('%') ? value.replaceAll('%', '%25') : value);
  }
  return out;
}

// The V1 key is the secret plus "&" (historically secret + "&" + token secret, which RPC leaves empty).
function hmacV1(
  hasher: Hasher,
  signatureMethod: SignatureMethodV1,
  accessKeySecret: string,
  toSign: string,
): string | Promise<string> {
  const key = `${accessKeySecret}&`;
  return signatureMethod === 'HMAC-SHA256' ? hasher.hmacSha256Base64(key, toSign) : hasher.hmacSha1Base64(key, toSign);
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
  return checkV1(hasher, input);
}

/** {@link verifyV1}, answering at once when the hasher does (node:crypto): no promise on a server's hot path. */
export function checkV1(hasher: Hasher, input: VerifyV1Input): VerifyV1Result | Promise<VerifyV1Result> {
  const { method, params, accessKeySecret } = input;
  // The first occurrence of each counts, as everywhere else.
  let given: string | undefined;
  let methodParam: string | undefined;
  for (const [name, value] of params) {
    if (name === SIGNATURE_PARAM) given ??= value;
    else if (name === 'SignatureMethod') methodParam ??= value;
  }
  const signatureMethod: SignatureMethodV1 = methodParam === 'HMAC-SHA256' ? 'HMAC-SHA256' : 'HMAC-SHA1';
  const stringToSign = stringToSignV1(method, params);
  const judge = (expected: string): VerifyV1Result =>
    given !== undefined && constantTimeEqual(given, expected) ? { ok: true } : { ok: false, stringToSign, expected };
  const mac = hmacV1(hasher, signatureMethod, accessKeySecret, stringToSign);
  return typeof mac === 'string' ? judge(mac) : mac.then(judge);
}

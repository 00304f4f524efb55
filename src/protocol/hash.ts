/**
 * The hashing primitives the signature code needs, injected so the same signing/verification code runs on
 * Node (`node-hasher.ts`, synchronous) and in browsers or workers (`web-hasher.ts`, WebCrypto, async).
 * Callers always `await` the result, so either flavour fits. No Node imports here on purpose.
 *
 * Strings are hashed as their UTF-8 bytes. Algorithms: /work/shared/reference/wire-protocol.md,
 * section "Signature algorithms".
 */
export interface Hasher {
  /** V1 default: base64(HMAC-SHA1(key, data)). */
  hmacSha1Base64(key: string, data: string): string | Promise<string>;
  /** V1 when `SignatureMethod=HMAC-SHA256`: base64(HMAC-SHA256(key, data)). */
  hmacSha256Base64(key: string, data: string): string | Promise<string>;
  /** V3 signature: hex(HMAC-SHA256(key, data)), lower-case. */
  hmacSha256Hex(key: string, data: string): string | Promise<string>;
  /** V3 payload and canonical-request hash: hex(SHA-256(data)), lower-case. */
  sha256Hex(data: string | Uint8Array): string | Promise<string>;
}

/**
 * Compares two signatures without returning at the first differing character, so response timing does
 * not reveal how much of a forged signature was right. The length is not secret (it is fixed per
 * algorithm), so an early length check is fine.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

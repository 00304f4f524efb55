/** `Hasher` backed by node:crypto; results are synchronous (see hash.ts for why the interface allows both). */
import * as crypto from 'node:crypto';
import type { Hasher } from './hash.js';

type Algorithm = 'sha1' | 'sha256';
type Encoding = 'base64' | 'hex';

/** One-shot hashing (Node 20.12 and later): one native call, no Hash object. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: string) => unknown }).hash;

/**
 * HMAC from its definition, H((K ^ opad) || H((K ^ ipad) || m)), with the padded keys computed once per secret:
 * two one-shot hashes cost less than a Hmac object per request. Only for secrets of ASCII characters that fit
 * a block (every real AccessKeySecret): the inner padded key is then an ASCII string, and prefixing it to `m`
 * hashes exactly its bytes followed by m's UTF-8. Anything else goes through createHmac.
 */
interface Pads {
  inner: string;
  /** The outer padded key, followed by room for the inner digest. */
  outer: Buffer;
}
const BLOCK_BYTES = 64; // SHA-1 and SHA-256
const DIGEST_BYTES: Record<Algorithm, number> = { sha1: 20, sha256: 32 };
const pads = { sha1: new Map<string, Pads | null>(), sha256: new Map<string, Pads | null>() };

function padsOf(algorithm: Algorithm, key: string): Pads | null {
  const cache = pads[algorithm];
  let p = cache.get(key);
  if (p === undefined) {
    // A server signs with a handful of secrets again and again; the cache is bounded all the same.
    if (cache.size > 1000) cache.clear();
    p = null;
    if (oneShot !== undefined && key.length <= BLOCK_BYTES && /^[\x20-\x7e]*$/.test(key)) {
      let inner = '';
      const outer = Buffer.alloc(BLOCK_BYTES + DIGEST_BYTES[algorithm]);
      for (let i = 0; i < BLOCK_BYTES; i++) {
        const k = i < key.length ? key.charCodeAt(i) : 0;
        inner += String.fromCharCode(k ^ 0x36);
        outer[i] = k ^ 0x5c;
      }
      p = { inner, outer };
    }
    cache.set(key, p);
  }
  return p;
}

function hmac(algorithm: Algorithm, key: string, data: string, encoding: Encoding): string {
  const p = padsOf(algorithm, key);
  if (p === null || oneShot === undefined)
    return crypto.createHmac(algorithm, key).update(data, 'utf8').digest(encoding);
  (oneShot(algorithm, p.inner + data, 'buffer') as Buffer).copy(p.outer, BLOCK_BYTES);
  return oneShot(algorithm, p.outer, encoding) as string;
}

export const nodeHasher: Hasher = {
  hmacSha1Base64: (key, data) => hmac('sha1', key, data, 'base64'),
  hmacSha256Base64: (key, data) => hmac('sha256', key, data, 'base64'),
  hmacSha256Hex: (key, data) => hmac('sha256', key, data, 'hex'),
  sha256Hex: (data) =>
    typeof data === 'string'
      ? crypto.createHash('sha256').update(data, 'utf8').digest('hex')
      : crypto.createHash('sha256').update(data).digest('hex'),
};

/**
 * `Hasher` backed by WebCrypto (`globalThis.crypto.subtle`), for browsers, workers and service workers
 * (e.g. a mock server running in the page). Async because SubtleCrypto is. No Node imports on purpose.
 */
import type { Hasher } from './hash.js';

const utf8 = new TextEncoder();

// SHA-1 and SHA-256 both use a 64-byte block.
const HMAC_BLOCK_BYTES = 64;

type HmacHash = 'SHA-1' | 'SHA-256';

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (s === undefined) throw new Error('webHasher needs globalThis.crypto.subtle (a secure context)');
  return s;
}

async function hmac(hash: HmacHash, key: string, data: string): Promise<Uint8Array> {
  let keyBytes = utf8.encode(key);
  // WebCrypto refuses zero-length HMAC keys (DataError), but HMAC pads short keys with zeros to the block
  // size (RFC 2104), so an empty secret is exactly equivalent to a block of zero bytes.
  if (keyBytes.length === 0) keyBytes = new Uint8Array(HMAC_BLOCK_BYTES);
  const cryptoKey = await subtle().importKey('raw', keyBytes, { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', cryptoKey, utf8.encode(data)));
}

// WebCrypto only takes ArrayBuffer-backed views; a view over a SharedArrayBuffer has to be copied.
function ownBytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : new Uint8Array(data);
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += (b < 16 ? '0' : '') + b.toString(16);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  // Digests are at most 32 bytes, so building a binary string for btoa is cheap.
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export const webHasher: Hasher = {
  hmacSha1Base64: async (key, data) => toBase64(await hmac('SHA-1', key, data)),
  hmacSha256Base64: async (key, data) => toBase64(await hmac('SHA-256', key, data)),
  hmacSha256Hex: async (key, data) => toHex(await hmac('SHA-256', key, data)),
  sha256Hex: async (data) => {
    const bytes = typeof data === 'string' ? utf8.encode(data) : ownBytes(data);
    return toHex(new Uint8Array(await subtle().digest('SHA-256', bytes)));
  },
};

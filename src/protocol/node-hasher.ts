/** `Hasher` backed by node:crypto; results are synchronous (see hash.ts for why the interface allows both). */
import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { Hasher } from './hash.js';

// A server signs with a handful of secrets again and again: importing each once saves a key setup per request.
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (key === undefined) {
    if (keys.size > 1000) keys.clear();
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

export const nodeHasher: Hasher = {
  hmacSha1Base64: (key, data) => createHmac('sha1', keyOf(key)).update(data, 'utf8').digest('base64'),
  hmacSha256Base64: (key, data) => createHmac('sha256', keyOf(key)).update(data, 'utf8').digest('base64'),
  hmacSha256Hex: (key, data) => createHmac('sha256', keyOf(key)).update(data, 'utf8').digest('hex'),
  sha256Hex: (data) =>
    typeof data === 'string'
      ? createHash('sha256').update(data, 'utf8').digest('hex')
      : createHash('sha256').update(data).digest('hex'),
};

/** `Hasher` backed by node:crypto; results are synchronous (see hash.ts for why the interface allows both). */
import { createHash, createHmac } from 'node:crypto';
import type { Hasher } from './hash.js';

export const nodeHasher: Hasher = {
  hmacSha1Base64: (key, data) => createHmac('sha1', key).update(data, 'utf8').digest('base64'),
  hmacSha256Base64: (key, data) => createHmac('sha256', key).update(data, 'utf8').digest('base64'),
  hmacSha256Hex: (key, data) => createHmac('sha256', key).update(data, 'utf8').digest('hex'),
  sha256Hex: (data) =>
    typeof data === 'string'
      ? createHash('sha256').update(data, 'utf8').digest('hex')
      : createHash('sha256').update(data).digest('hex'),
};

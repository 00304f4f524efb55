import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeHasher } from './node-hasher.js';

// Secrets of every kind: the usual ASCII ones, longer than a block, with non-ASCII or control characters.
const key = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.string({ minLength: 60, maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 70 }),
  fc.constantFrom('', 'testsecret&', '6'.repeat(64), `${'6'.repeat(64)}&`),
);
const data = fc.string({ unit: 'binary', maxLength: 300 });

describe('nodeHasher', () => {
  it('computes HMAC-SHA1 and HMAC-SHA256 as createHmac does, for any secret and message', () => {
    fc.assert(
      fc.property(key, data, (k, d) => {
        expect(nodeHasher.hmacSha1Base64(k, d)).toBe(createHmac('sha1', k).update(d, 'utf8').digest('base64'));
        expect(nodeHasher.hmacSha256Base64(k, d)).toBe(createHmac('sha256', k).update(d, 'utf8').digest('base64'));
        expect(nodeHasher.hmacSha256Hex(k, d)).toBe(createHmac('sha256', k).update(d, 'utf8').digest('hex'));
        // Again, from the cache of padded keys.
        expect(nodeHasher.hmacSha1Base64(k, d)).toBe(createHmac('sha1', k).update(d, 'utf8').digest('base64'));
      }),
      { numRuns: 500 },
    );
  });

  it('hashes strings as UTF-8, and bytes as they are', () => {
    expect(nodeHasher.sha256Hex('é')).toBe(createHash('sha256').update(Buffer.from('é', 'utf8')).digest('hex'));
    expect(nodeHasher.sha256Hex(new Uint8Array([0xff]))).toBe(
      createHash('sha256')
        .update(Buffer.from([0xff]))
        .digest('hex'),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { NonceCache, nonceCost } from './nonces.js';

const WINDOW = 900_000;

describe('NonceCache', () => {
  it('refuses a nonce again within the window, per access key, and accepts it after', () => {
    const nonces = new NonceCache(WINDOW);
    expect(nonces.use('k1', 'n', 0)).toBe(true);
    expect(nonces.use('k1', 'n', WINDOW - 1)).toBe(false);
    expect(nonces.use('k2', 'n', 1)).toBe(true);
    expect(nonces.use('k1', 'n', WINDOW + 1)).toBe(true);
  });

  it('keeps a nonce signed ahead of the clock until its signed time plus the window', () => {
    const nonces = new NonceCache(WINDOW);
    expect(nonces.use('k', 'n', 0, 600_000)).toBe(true);
    expect(nonces.use('k', 'n', 600_000 + WINDOW - 1)).toBe(false);
  });

  it('remembers at most maxBytes of nonces, forgetting the oldest of the key adding one first', () => {
    const nonces = new NonceCache(WINDOW, 3 * nonceCost('a') + nonceCost('a') - 1);
    for (const n of ['a', 'b', 'c', 'd']) expect(nonces.use('k', n, 1)).toBe(true);
    // 'a' was forgotten to make room for 'd'; 'b' to 'd' are still known.
    expect(nonces.use('k', 'c', 2)).toBe(false);
    expect(nonces.use('k', 'd', 2)).toBe(false);
    // Another key's nonce makes room by forgetting k's oldest ('b'), never itself.
    expect(nonces.use('other', 'a', 2)).toBe(true);
    expect(nonces.use('other', 'a', 3)).toBe(false);
    expect(nonces.use('k', 'b', 3)).toBe(true);
  });

  it('counts long nonces by their length: 1,000 of 10,000 characters stay under the bound', () => {
    const max = 1024 * 1024;
    const nonces = new NonceCache(WINDOW, max);
    for (let i = 0; i < 1000; i++) nonces.use('k', `${i}`.padEnd(10_000, 'n'), 1);
    expect(nonces.bytes).toBeLessThanOrEqual(max);
    expect(nonces.bytes).toBeGreaterThan(max - nonceCost('n'.repeat(10_000)));
    // The newest are kept.
    expect(nonces.use('k', '999'.padEnd(10_000, 'n'), 2)).toBe(false);
    nonces.clear();
    expect(nonces.bytes).toBe(0);
  });
});

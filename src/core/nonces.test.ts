import { describe, expect, it } from 'vitest';
import { NonceCache } from './nonces.js';

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

  it('remembers at most maxPerAccessKey nonces per key, forgetting the oldest first', () => {
    const nonces = new NonceCache(WINDOW, 3);
    for (const n of ['a', 'b', 'c', 'd']) expect(nonces.use('k', n, 1)).toBe(true);
    expect(nonces.use('other', 'a', 1)).toBe(true);
    // 'a' was forgotten to make room for 'd'; 'b' to 'd' are still known.
    expect(nonces.use('k', 'a', 2)).toBe(true);
    expect(nonces.use('k', 'c', 2)).toBe(false);
    expect(nonces.use('k', 'd', 2)).toBe(false);
    expect(nonces.use('other', 'a', 2)).toBe(false);
  });
});

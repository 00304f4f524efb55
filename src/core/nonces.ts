import { compact } from './strings.js';

/**
 * What one remembered nonce is counted as: its characters (two bytes each at worst), the map entry and the
 * number (about 64 bytes in V8).
 */
export const nonceCost = (nonce: string) => 2 * nonce.length + 64;

/** Nonces seen in correctly signed requests, remembered for the nonce window (x-assumptions.nonceWindowSeconds). */
export class NonceCache {
  /**
   * AccessKeyId → nonce → time it may be used again (by key first: no string built per request). Insertion
   * order is expiry order while the wall clock moves forward.
   */
  readonly #seen = new Map<string, Map<string, number>>();
  /** The sum of {@link nonceCost} of what is kept. */
  #bytes = 0;
  /** Pruning walks the map: once a second is plenty, expired entries are also refused by their time. */
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly windowMs: number,
    /**
     * At most this many bytes (x-assumptions.nonces.maxBytes), counted by {@link nonceCost}: past it, the oldest
     * nonces of the key that adds one are forgotten first (then those of other keys).
     */
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Records the nonce; false when it was already used within the window. A request signed ahead of the clock
   * stays acceptable until its signed time plus the skew, so its nonce is kept until then too.
   */
  use(accessKeyId: string, nonce: string, now: number, signedAt: number = now): boolean {
    if (now - this.#prunedAt >= 1000) this.#prune(now);
    let seen = this.#seen.get(accessKeyId);
    if (seen === undefined) {
      seen = new Map();
      this.#seen.set(accessKeyId, seen);
    }
    const until = seen.get(nonce);
    if (until !== undefined) {
      if (until > now) return false;
      seen.delete(nonce);
      this.#bytes -= nonceCost(nonce);
    }
    const kept = compact(nonce);
    seen.set(kept, Math.max(now, signedAt) + this.windowMs);
    this.#bytes += nonceCost(nonce);
    if (this.#bytes > this.maxBytes) this.#evict(seen, kept);
    return true;
  }

  clear(): void {
    this.#seen.clear();
    this.#bytes = 0;
  }

  /** Forgets the oldest nonces, of `first` first, never `added` (the nonce just used must be refused again). */
  #evict(first: Map<string, number>, added: string): void {
    for (const seen of [first, ...this.#seen.values()]) {
      for (const oldest of seen.keys()) {
        if (this.#bytes <= this.maxBytes) return;
        if (seen === first && oldest === added) break;
        seen.delete(oldest);
        this.#bytes -= nonceCost(oldest);
      }
    }
  }

  #prune(now: number): void {
    this.#prunedAt = now;
    for (const [accessKeyId, seen] of this.#seen) {
      for (const [nonce, until] of seen) {
        if (until > now) break;
        seen.delete(nonce);
        this.#bytes -= nonceCost(nonce);
      }
      if (seen.size === 0) this.#seen.delete(accessKeyId);
    }
  }
}

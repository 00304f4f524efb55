import { compact } from './strings.js';

/** Nonces seen in correctly signed requests, remembered for the nonce window (x-assumptions.nonceWindowSeconds). */
export class NonceCache {
  /**
   * AccessKeyId → nonce → time it may be used again (by key first: no string built per request). Insertion
   * order is expiry order while the wall clock moves forward.
   */
  readonly #seen = new Map<string, Map<string, number>>();
  /** Pruning walks the map: once a second is plenty, expired entries are also refused by their time. */
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly windowMs: number,
    /** At most this many per access key (x-assumptions.nonces): the oldest are forgotten first. */
    private readonly maxPerAccessKey = Number.POSITIVE_INFINITY,
  ) {}

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
    }
    seen.set(compact(nonce), Math.max(now, signedAt) + this.windowMs);
    if (seen.size > this.maxPerAccessKey) {
      for (const oldest of seen.keys()) {
        seen.delete(oldest);
        break;
      }
    }
    return true;
  }

  clear(): void {
    this.#seen.clear();
  }

  #prune(now: number): void {
    this.#prunedAt = now;
    for (const [accessKeyId, seen] of this.#seen) {
      for (const [nonce, until] of seen) {
        if (until > now) break;
        seen.delete(nonce);
      }
      if (seen.size === 0) this.#seen.delete(accessKeyId);
    }
  }
}

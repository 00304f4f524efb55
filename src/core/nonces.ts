/** Nonces seen in correctly signed requests, remembered for the nonce window (x-assumptions.nonceWindowSeconds). */
export class NonceCache {
  /** key → time it may be used again. Insertion order is expiry order while the wall clock moves forward. */
  readonly #seen = new Map<string, number>();
  /** Pruning walks the map: once a second is plenty, expired entries are also refused by their time. */
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs: number) {}

  /**
   * Records the nonce; false when it was already used within the window. A request signed ahead of the clock
   * stays acceptable until its signed time plus the skew, so its nonce is kept until then too.
   */
  use(accessKeyId: string, nonce: string, now: number, signedAt: number = now): boolean {
    if (now - this.#prunedAt >= 1000) this.#prune(now);
    const key = `${accessKeyId}\n${nonce}`;
    const until = this.#seen.get(key);
    if (until !== undefined && until > now) return false;
    this.#seen.delete(key);
    this.#seen.set(key, Math.max(now, signedAt) + this.windowMs);
    return true;
  }

  clear(): void {
    this.#seen.clear();
  }

  #prune(now: number): void {
    this.#prunedAt = now;
    for (const [key, until] of this.#seen) {
      if (until > now) break;
      this.#seen.delete(key);
    }
  }
}

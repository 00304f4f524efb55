/** Time as epoch milliseconds. The wall clock is injected; the simulator's world runs on a VirtualClock. */
export interface Clock {
  now(): number;
}

/**
 * The world's clock: the wall clock plus an offset that `advance` and `set` move forward.
 * It never runs backwards, even when the wall clock does.
 */
export class VirtualClock implements Clock {
  #offset = 0;
  #last = Number.NEGATIVE_INFINITY;

  constructor(private readonly wall: Clock) {}

  now(): number {
    const t = this.wall.now() + this.#offset;
    if (t > this.#last) this.#last = t;
    return this.#last;
  }

  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`advance: must be a non-negative number of milliseconds (got ${ms})`);
    return this.#moveTo(this.now() + ms);
  }

  /** Moves to `t`; refuses to go back in time. */
  set(t: number): number {
    const now = this.now();
    if (t < now) throw new RangeError(`now: must not be earlier than the current time ${new Date(now).toISOString()}`);
    return this.#moveTo(t);
  }

  /** From the current time, not from the offset: after the wall clock stepped back, now() is ahead of wall + offset. */
  #moveTo(t: number): number {
    this.#offset = t - this.wall.now();
    return this.now();
  }
}

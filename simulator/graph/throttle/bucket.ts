// A token bucket that refills continuously: `capacity` tokens per `windowMs`. Time is passed in (real monotonic
// milliseconds in the simulator, a fake clock in unit tests) so the bucket never reads a clock itself.

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly windowMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.capacity) / this.windowMs);
    this.last = Math.max(this.last, now);
  }

  /** Milliseconds until `amount` tokens are available (0 when they already are). */
  waitMs(amount: number, now: number): number {
    this.refill(now);
    const missing = Math.min(amount, this.capacity) - this.tokens;
    return missing <= 0 ? 0 : (missing * this.windowMs) / this.capacity;
  }

  take(amount: number, now: number): void {
    this.refill(now);
    this.tokens -= amount;
  }

  /** Share of the capacity in use (0..1), after refilling to `now`. */
  usedFraction(now: number): number {
    this.refill(now);
    return 1 - this.tokens / this.capacity;
  }
}

/** How often something may happen: `perSecond` on average, with bursts of up to `burst` at once. */
export interface Rate {
  perSecond: number;
  burst: number;
}

/**
 * A token bucket: it holds up to `burst` tokens and gains `perSecond` of them every second. A per-socket bucket
 * lets a client's ordinary bursts through (a cursor moving while typing) and bounds what a flood can make us do.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  /** `now` reads a clock in milliseconds; tests pass their own clock to step through time. */
  constructor(
    private readonly rate: Rate,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    this.tokens = rate.burst;
    this.updatedAt = now();
  }

  /** Takes a token if there is one; false when the rate is exceeded. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token, 0 when one is available now. */
  msUntilNext(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.rate.perSecond) * 1000);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.rate.perSecond);
    this.updatedAt = now;
  }
}

/**
 * Passes values on at a bounded rate, keeping only the latest of those that came too fast and passing it on once
 * the rate allows. For presences: a client's last cursor position must arrive, the ones it moved through need not.
 */
export class LatestWins<T> {
  private pending: { value: T } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bucket: TokenBucket,
    private readonly pass: (value: T) => void,
  ) {}

  /** Passes `value` on now if the rate allows, else holds it (replacing any held one) until it does. */
  offer(value: T): void {
    if (!this.pending && this.bucket.take()) {
      this.pass(value);
      return;
    }
    this.pending = { value };
    this.timer ??= setTimeout(this.flush, this.bucket.msUntilNext());
  }

  /** Drops what is held; nothing is passed on afterwards. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private flush = (): void => {
    this.timer = null;
    const pending = this.pending;
    if (!pending) return;
    if (!this.bucket.take()) {
      this.timer = setTimeout(this.flush, this.bucket.msUntilNext());
      return;
    }
    this.pending = null;
    this.pass(pending.value);
  };
}

/**
 * Counts attempts per key in a fixed window (e.g. sign-ins per address and per e-mail) and refuses a key that
 * has used up its attempts until its window ends.
 * In memory, so per process: enough for one instance; the PostgreSQL/Redis scale-out moves it to Redis.
 *
 * An attempt whose check takes time (a password's scrypt) is counted with `take` *before* the check and given
 * back with `giveBack` when it succeeds. Counting only after a failed check lets a burst of concurrent attempts
 * all pass `retryAfter` while the first ones are still being checked.
 */
export class FailureLimiter {
  // Insertion order is window order (a new window re-inserts its key), so the first keys are the oldest.
  private readonly attempts = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
    /** How many keys it remembers at most; beyond that it forgets the oldest windows first. */
    private readonly maxKeys = 100_000,
  ) {}

  /** Seconds until the key may try again, or 0 when it may now. */
  retryAfter(key: string, now = Date.now()): number {
    const entry = this.attempts.get(key);
    if (!entry || entry.resetAt <= now) return 0;
    return entry.count >= this.maxAttempts ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  /** Counts an attempt before it is checked; give it back with `giveBack` if the check succeeds. */
  take(key: string, now = Date.now()): void {
    const entry = this.attempts.get(key);
    if (entry && entry.resetAt > now) {
      entry.count++;
      return;
    }
    this.attempts.delete(key);
    this.attempts.set(key, { count: 1, resetAt: now + this.windowMs });
    if (this.attempts.size > this.maxKeys) this.prune(now);
  }

  /** Counts a failure found without a costly check (the same as an attempt that is never given back). */
  fail(key: string, now = Date.now()): void {
    this.take(key, now);
  }

  /** Gives back one attempt counted by `take`, because it succeeded. */
  giveBack(key: string, now = Date.now()): void {
    const entry = this.attempts.get(key);
    if (!entry || entry.resetAt <= now) return;
    entry.count--;
    if (entry.count <= 0) this.attempts.delete(key);
  }

  /** Forgets every attempt of a key (after a successful sign-in). */
  reset(key: string): void {
    this.attempts.delete(key);
  }

  /** How many keys it holds now. */
  get size(): number {
    return this.attempts.size;
  }

  /**
   * Drops ended windows, then, if it is still over its bound, the oldest live ones down to 90% of it (so that the
   * next prune is many attempts away). Forgetting a live window is the price of a memory bound: an attacker would
   * have to spread attempts over `maxKeys` other keys to push one out, which the per-address limit makes slow.
   */
  private prune(now: number): void {
    for (const [key, entry] of this.attempts) if (entry.resetAt <= now) this.attempts.delete(key);
    const keep = Math.floor(this.maxKeys * 0.9);
    for (const key of this.attempts.keys()) {
      if (this.attempts.size <= keep) break;
      this.attempts.delete(key);
    }
  }
}

import { SharedLimiter } from '../cluster/shared-limiter.ts';
import type { Deps } from '../env.ts';

/**
 * Counts attempts per key in a fixed window (e.g. sign-ins per address and per e-mail) and refuses a key that
 * has used up its attempts until its window ends. With several instances the counts are shared through Redis
 * (cluster/shared-limiter.ts), so that an attacker cannot multiply their attempts by the number of instances.
 *
 * An attempt whose check takes time (a password's scrypt) is counted with `take` *before* the check and given
 * back with `giveBack` when it succeeds. `take` checks and counts in one step: checking first and counting after
 * a failed check would let a burst of concurrent attempts all pass while the first ones are still being checked.
 */
export interface RateLimiter {
  /** Seconds until the key may try again, or 0 when it may now. */
  retryAfter(key: string): Promise<number>;
  /** Counts an attempt if the key may try now: 0 when counted, else the seconds to wait (and nothing counted). */
  take(key: string): Promise<number>;
  /** Counts a failure found without a costly check, whatever the count. */
  fail(key: string): Promise<void>;
  /** Gives back one attempt counted by `take`, because it succeeded. */
  giveBack(key: string): Promise<void>;
  /** Forgets every attempt of a key (after a successful sign-in). */
  reset(key: string): Promise<void>;
}

/**
 * A limiter named `name` (its counts' key in Redis, so unique per limiter): shared by every instance when the bus
 * has Redis, else this process's own.
 */
export function rateLimiter(
  deps: Pick<Deps, 'bus' | 'logger'>,
  name: string,
  maxAttempts: number,
  windowMs: number,
): RateLimiter {
  const local = new LocalLimiter(maxAttempts, windowMs);
  const redis = deps.bus.redis;
  if (redis) return new SharedLimiter({ redis, name, maxAttempts, windowMs, local, logger: deps.logger });
  return {
    retryAfter: async (key) => local.retryAfter(key),
    take: async (key) => local.take(key),
    fail: async (key) => local.fail(key),
    giveBack: async (key) => local.giveBack(key),
    reset: async (key) => local.reset(key),
  };
}

/**
 * The counts of one process, in memory: the whole limiter on one instance, and what an instance falls back to
 * while Redis is away. `now` is injectable for tests.
 */
export class LocalLimiter {
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

  /** Counts an attempt if the key may try now: 0 when counted, else the seconds to wait. */
  take(key: string, now = Date.now()): number {
    const wait = this.retryAfter(key, now);
    if (wait === 0) this.fail(key, now);
    return wait;
  }

  /** Counts an attempt whatever the count. */
  fail(key: string, now = Date.now()): void {
    const entry = this.attempts.get(key);
    if (entry && entry.resetAt > now) {
      entry.count++;
      return;
    }
    this.attempts.delete(key);
    this.attempts.set(key, { count: 1, resetAt: now + this.windowMs });
    if (this.attempts.size > this.maxKeys) this.prune(now);
  }

  /** Gives back one counted attempt. */
  giveBack(key: string, now = Date.now()): void {
    const entry = this.attempts.get(key);
    if (!entry || entry.resetAt <= now) return;
    entry.count--;
    if (entry.count <= 0) this.attempts.delete(key);
  }

  /** Forgets every attempt of a key. */
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

import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import type { LocalLimiter, RateLimiter } from '../middleware/rate-limit.ts';

// Each script works on one key (a count with its window as the key's expiry) in one step, so that two instances
// never both see a count below the limit and both add to it. ARGV[1]: the limit; ARGV[2]: the window in ms.

/** Counts the attempt if the count is below the limit and returns 0; else returns the ms until the window ends. */
const TAKE = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then
  local left = redis.call('PTTL', KEYS[1])
  if left > 0 then return left end
  redis.call('DEL', KEYS[1])
end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** Counts the attempt whatever the count. */
const FAIL = `
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** The ms until the window ends if the count has reached the limit, else 0. */
const RETRY_AFTER = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count < tonumber(ARGV[1]) then return 0 end
local left = redis.call('PTTL', KEYS[1])
if left > 0 then return left end
return 0`;

/** Takes back one attempt; a count that reaches 0 goes (DECR on a missing key would make one without expiry). */
const GIVE_BACK = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1]) end
return 0`;

const RESET = `redis.call('DEL', KEYS[1]) return 0`;

/** How long a limiter waits for Redis before deciding with this instance's own count (a partition hangs, not fails). */
const REDIS_TIMEOUT_MS = 1000;
/** Longer keys (an e-mail address may take 254 characters) are hashed, so Redis keys stay short. */
const MAX_PLAIN_KEY_LENGTH = 64;
const NAME = /^[a-z][A-Za-z.]{0,40}$/;

export interface SharedLimiterOptions {
  redis: Redis;
  /** Unique per limiter: its counts live under `kb:rl:<name>:`. */
  name: string;
  maxAttempts: number;
  windowMs: number;
  /** This instance's own count: kept alongside, and what decides while Redis is away. */
  local: LocalLimiter;
  logger: Logger;
}

/**
 * A rate limiter whose counts every instance shares in Redis, in fixed windows. While Redis is away (or slower than
 * REDIS_TIMEOUT_MS) each instance limits by its own count instead, which it keeps all along: it goes on serving,
 * and an attacker gets at most the limit per instance, never an unlimited number. The stricter of the two counts
 * decides, so an emptied Redis (restarted) does not hand out a fresh window either.
 */
export class SharedLimiter implements RateLimiter {
  private readonly prefix: string;
  private readonly log: Logger;
  private away = false;

  constructor(private readonly options: SharedLimiterOptions) {
    if (!NAME.test(options.name)) throw new Error(`not a limiter name: ${options.name}`);
    this.prefix = `kb:rl:${options.name}:`;
    this.log = options.logger.child({ component: 'rate-limit', limiter: options.name });
  }

  async retryAfter(key: string): Promise<number> {
    const local = this.options.local.retryAfter(key);
    if (local > 0) return local;
    return seconds((await this.run(RETRY_AFTER, key)) ?? 0);
  }

  async take(key: string): Promise<number> {
    const { local } = this.options;
    const wait = local.retryAfter(key);
    if (wait > 0) return wait;
    const shared = await this.run(TAKE, key);
    if (shared === null) return local.take(key);
    if (shared > 0) return seconds(shared);
    local.fail(key);
    return 0;
  }

  async fail(key: string): Promise<void> {
    this.options.local.fail(key);
    await this.run(FAIL, key);
  }

  async giveBack(key: string): Promise<void> {
    this.options.local.giveBack(key);
    await this.run(GIVE_BACK, key);
  }

  async reset(key: string): Promise<void> {
    this.options.local.reset(key);
    await this.run(RESET, key);
  }

  /** The Redis key of a count: plain when short, else hashed (in a namespace of its own, so the two never meet). */
  keyOf(key: string): string {
    if (key.length <= MAX_PLAIN_KEY_LENGTH) return `${this.prefix}k:${key}`;
    return `${this.prefix}h:${createHash('sha256').update(key).digest('base64url')}`;
  }

  /** Runs a script on a key's count; null when Redis is away, and then this instance's count decides. */
  private async run(script: string, key: string): Promise<number | null> {
    const { redis, maxAttempts, windowMs } = this.options;
    if (redis.status !== 'ready') return this.unavailable('not connected');
    try {
      const result = await withTimeout(redis.eval(script, 1, this.keyOf(key), maxAttempts, windowMs));
      if (this.away) {
        this.away = false;
        this.log.info({}, 'rate limits shared through redis again');
      }
      return Number(result);
    } catch (error) {
      return this.unavailable(error instanceof Error ? error.message : String(error));
    }
  }

  private unavailable(reason: string): null {
    if (!this.away) {
      this.away = true;
      this.log.warn({ reason }, 'redis unavailable: rate limiting by this instance alone');
    }
    return null;
  }
}

const seconds = (ms: number) => (ms > 0 ? Math.ceil(ms / 1000) : 0);

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

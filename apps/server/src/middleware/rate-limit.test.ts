import { describe, expect, it } from 'vitest';
import { LocalBus } from '../cluster/bus.ts';
import { createLogger } from '../logger.ts';
import { LocalLimiter, rateLimiter } from './rate-limit.ts';

const WINDOW_MS = 60_000;

describe('LocalLimiter', () => {
  it('refuses a key once its attempts are taken, until its window ends', () => {
    const limiter = new LocalLimiter(3, WINDOW_MS);
    for (let i = 0; i < 3; i++) expect(limiter.take('a', 0)).toBe(0);

    expect(limiter.take('a', 1_000)).toBe(59);
    expect(limiter.retryAfter('a', 1_000)).toBe(59);
    expect(limiter.retryAfter('b', 1_000)).toBe(0);
    expect(limiter.retryAfter('a', WINDOW_MS)).toBe(0);
    expect(limiter.take('a', WINDOW_MS)).toBe(0);
  });

  it('does not count an attempt it refuses', () => {
    const limiter = new LocalLimiter(1, WINDOW_MS);
    limiter.take('a', 0);
    for (let i = 0; i < 5; i++) expect(limiter.take('a', 0)).toBeGreaterThan(0);
    limiter.giveBack('a', 0);

    expect(limiter.take('a', 0)).toBe(0);
  });

  it('lets an attempt that was given back be taken again', () => {
    const limiter = new LocalLimiter(2, WINDOW_MS);
    limiter.take('a', 0);
    limiter.take('a', 0);
    limiter.giveBack('a', 0);

    expect(limiter.retryAfter('a', 0)).toBe(0);
    limiter.take('a', 0);
    expect(limiter.retryAfter('a', 0)).toBeGreaterThan(0);
  });

  it('counts a failure even past the limit, and forgets a key on reset', () => {
    const limiter = new LocalLimiter(1, WINDOW_MS);
    limiter.fail('a', 0);
    limiter.fail('a', 0);
    limiter.giveBack('a', 0);
    expect(limiter.retryAfter('a', 0)).toBeGreaterThan(0);

    limiter.reset('a');
    expect(limiter.retryAfter('a', 0)).toBe(0);
  });

  it('holds at most its bound of keys, forgetting the oldest windows first', () => {
    const limiter = new LocalLimiter(1, WINDOW_MS, 100);
    for (let i = 0; i < 1_000; i++) limiter.take(`key-${i}`, i);

    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.retryAfter('key-999', 1_000)).toBeGreaterThan(0);
    expect(limiter.retryAfter('key-0', 1_000)).toBe(0);
  });
});

describe('rateLimiter on one instance', () => {
  it('counts in this process: of many concurrent attempts, exactly the limit is taken', async () => {
    const limiter = rateLimiter({ bus: new LocalBus('one'), logger: createLogger('silent') }, 'test.one', 5, WINDOW_MS);
    const waits = await Promise.all(Array.from({ length: 40 }, () => limiter.take('a')));

    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    expect(await limiter.retryAfter('a')).toBeGreaterThan(0);
    await limiter.reset('a');
    expect(await limiter.retryAfter('a')).toBe(0);
  });
});

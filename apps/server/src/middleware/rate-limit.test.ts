import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit.ts';

const WINDOW_MS = 60_000;

describe('FailureLimiter', () => {
  it('refuses a key once its attempts are taken, until its window ends', () => {
    const limiter = new FailureLimiter(3, WINDOW_MS);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('a', 0)).toBe(0);
      limiter.take('a', 0);
    }

    expect(limiter.retryAfter('a', 1_000)).toBe(59);
    expect(limiter.retryAfter('b', 1_000)).toBe(0);
    expect(limiter.retryAfter('a', WINDOW_MS)).toBe(0);
  });

  it('lets an attempt that was given back be taken again', () => {
    const limiter = new FailureLimiter(2, WINDOW_MS);
    limiter.take('a', 0);
    limiter.take('a', 0);
    limiter.giveBack('a', 0);

    expect(limiter.retryAfter('a', 0)).toBe(0);
    limiter.take('a', 0);
    expect(limiter.retryAfter('a', 0)).toBeGreaterThan(0);
  });

  it('holds at most its bound of keys, forgetting the oldest windows first', () => {
    const limiter = new FailureLimiter(1, WINDOW_MS, 100);
    for (let i = 0; i < 1_000; i++) limiter.take(`key-${i}`, i);

    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.retryAfter('key-999', 1_000)).toBeGreaterThan(0);
    expect(limiter.retryAfter('key-0', 1_000)).toBe(0);
  });
});

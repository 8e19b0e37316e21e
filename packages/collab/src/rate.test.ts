import { describe, expect, it } from 'vitest';
import { LatestWins, TokenBucket } from './rate.ts';

describe('TokenBucket', () => {
  it('lets a burst through, then one more per interval of the rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 2, burst: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.msUntilNext()).toBe(500);
    now = 499;
    expect(bucket.take()).toBe(false);
    now = 500;
    expect(bucket.take()).toBe(true);
    // A long pause refills no more than the burst.
    now = 60_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});

describe('LatestWins', () => {
  it('passes values on while the rate allows, then only the latest of those that came too fast', async () => {
    const passed: number[] = [];
    const throttle = new LatestWins(new TokenBucket({ perSecond: 50, burst: 2 }), (value: number) =>
      passed.push(value),
    );
    for (let value = 1; value <= 10; value++) throttle.offer(value);
    expect(passed).toEqual([1, 2]);
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (passed.length < 3) return;
        clearInterval(check);
        resolve();
      }, 5);
    });
    expect(passed).toEqual([1, 2, 10]);
  });

  it('passes nothing on once stopped', () => {
    const passed: number[] = [];
    const throttle = new LatestWins(new TokenBucket({ perSecond: 1, burst: 0 }), (value: number) => passed.push(value));
    throttle.offer(1);
    throttle.stop();
    expect(passed).toEqual([]);
  });
});

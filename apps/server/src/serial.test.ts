import { describe, expect, it } from 'vitest';
import { Serial } from './serial.ts';

describe('Serial', () => {
  it('runs the steps of one key one at a time, in order, also after a step failed', async () => {
    const serial = new Serial<number>();
    const log: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = serial.run(1, async () => {
      log.push('first:start');
      await gate;
      log.push('first:end');
      throw new Error('first failed');
    });
    const second = serial.run(1, async () => {
      log.push('second');
      return 2;
    });
    const other = serial.run(2, async () => {
      log.push('other key');
      return 3;
    });
    expect(await other).toBe(3);
    expect(log).toEqual(['first:start', 'other key']);
    release();
    await expect(first).rejects.toThrow('first failed');
    expect(await second).toBe(2);
    expect(log).toEqual(['first:start', 'other key', 'first:end', 'second']);
  });

  it('asks the other instances for a key only once the earlier steps of that key here have settled', async () => {
    // The hook stands for the lock across instances: it must see at most one step of a key at a time.
    const holding = new Map<number, number>();
    let most = 0;
    const serial = new Serial<number>(async (key, step) => {
      holding.set(key, (holding.get(key) ?? 0) + 1);
      most = Math.max(most, holding.get(key)!);
      try {
        return await step();
      } finally {
        holding.set(key, holding.get(key)! - 1);
      }
    });
    const steps = Array.from({ length: 5 }, (_, n) => serial.run(n % 2, async () => n));
    expect(await Promise.all(steps)).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(1);
  });
});

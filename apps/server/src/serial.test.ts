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
});

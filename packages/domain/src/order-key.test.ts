import { describe, expect, it } from 'vitest';
import { isOrderKey, keyBetween } from './order-key.ts';

describe('keyBetween', () => {
  it('makes a key for an empty list', () => {
    expect(isOrderKey(keyBetween(null, null))).toBe(true);
  });

  it('sorts strictly between its neighbours, also after many inserts at the same place', () => {
    let low = null as string | null;
    let high = keyBetween(null, null) as string | null;
    // Always inserting right after the start squeezes keys together: the hardest case.
    for (let i = 0; i < 500; i++) {
      const key = keyBetween(low, high);
      expect(low === null || low < key).toBe(true);
      expect(high === null || key < high).toBe(true);
      expect(isOrderKey(key)).toBe(true);
      high = key;
    }
    low = high;
    for (let i = 0; i < 500; i++) {
      const key = keyBetween(low, null);
      expect(low !== null && low < key).toBe(true);
      low = key;
    }
  });

  it('keeps a list in order through random inserts', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const keys: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const at = Math.floor(random() * (keys.length + 1));
      keys.splice(at, 0, keyBetween(keys[at - 1] ?? null, keys[at] ?? null));
    }
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThan(40);
  });

  it('refuses neighbours that are out of order', () => {
    expect(() => keyBetween('b', 'a')).toThrow();
    expect(() => keyBetween('a', 'a')).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { RenderGate } from './render-gate.ts';

/** A rendering that runs until the test ends it, and says when it started. */
function rendering(log: string[], name: string) {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  return {
    work: async () => {
      log.push(`start ${name}`);
      await ended;
      log.push(`end ${name}`);
      return name;
    },
    end,
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RenderGate', () => {
  it('runs one person’s renderings one after another, however many they start at once', async () => {
    const gate = new RenderGate(2);
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => rendering(log, name));
    const results = [gate.run('sanne', a!.work), gate.run('sanne', b!.work), gate.run('sanne', c!.work)];
    await settle();
    expect(log).toEqual(['start a']);
    a!.end();
    await settle();
    expect(log).toEqual(['start a', 'end a', 'start b']);
    b!.end();
    await settle();
    c!.end();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(gate.load).toEqual({ running: 0, people: 0 });
  });

  it('runs at most its slots at once across people, the next in order of arrival', async () => {
    const gate = new RenderGate(2);
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => rendering(log, name));
    const results = [gate.run('sanne', a!.work), gate.run('pieter', b!.work), gate.run('fatima', c!.work)];
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    expect(gate.load).toEqual({ running: 2, people: 3 });
    b!.end();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    a!.end();
    c!.end();
    await Promise.all(results);
    expect(gate.load).toEqual({ running: 0, people: 0 });
  });

  it('frees the slot and the person’s turn when a rendering fails', async () => {
    const gate = new RenderGate(1);
    await expect(gate.run('sanne', async () => Promise.reject(new Error('kapot')))).rejects.toThrow('kapot');
    expect(await gate.run('sanne', async () => 'daarna')).toBe('daarna');
    expect(await gate.run('pieter', async () => 'ander')).toBe('ander');
    expect(gate.load).toEqual({ running: 0, people: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Compactor } from './compaction.ts';
import { silentLogger } from './logger.ts';

// `due` decides alone; a compactor that is never run needs no database.
const compactor = (updates: number, bytes: number, segmentBytes: number[]) =>
  new Compactor(null as never, 1, () => new Y.Doc(), 5, silentLogger, { updates, bytes }, segmentBytes, undefined);
const MiB = 1024 * 1024;

describe('when to compact', () => {
  it('waits for the threshold of updates, and for half the stored segments in bytes', () => {
    expect(compactor(4, 10_000, []).due).toBe(false);
    expect(compactor(5, 10, []).due).toBe(true);
    expect(compactor(10, 400, [600, 400]).due).toBe(false);
    expect(compactor(10, 500, [600, 400]).due).toBe(true);
  });

  it('compacts a long log of tiny edits anyway, so a cold load stays short', () => {
    expect(compactor(99, 99, [1_000_000]).due).toBe(false);
    expect(compactor(100, 100, [1_000_000]).due).toBe(true);
  });

  it('folds a large document’s log once it holds a megabyte, however few updates that is', () => {
    expect(compactor(3, MiB - 1, [8 * MiB]).due).toBe(false);
    expect(compactor(3, MiB, [8 * MiB]).due).toBe(true);
  });
});

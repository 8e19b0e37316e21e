import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Compactor } from './compaction.ts';
import { silentLogger } from './logger.ts';

// `due` decides alone; a compactor that is never run needs no database.
const compactor = (updates: number, bytes: number, snapshotBytes: number) =>
  new Compactor(null as never, 1, new Y.Doc(), 5, silentLogger, { updates, bytes }, snapshotBytes);

describe('when to compact', () => {
  it('waits for the threshold of updates, and for half the snapshot in bytes', () => {
    expect(compactor(4, 10_000, 0).due).toBe(false);
    expect(compactor(5, 10, 0).due).toBe(true);
    expect(compactor(10, 400, 1000).due).toBe(false);
    expect(compactor(10, 500, 1000).due).toBe(true);
  });

  it('compacts a long log of tiny edits anyway, so a cold load stays short', () => {
    expect(compactor(99, 99, 1_000_000).due).toBe(false);
    expect(compactor(100, 100, 1_000_000).due).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './connection.ts';
import {
  appendUpdates,
  compactDocument,
  countUpdates,
  ensureDocument,
  foldDocumentLog,
  loadDocumentState,
} from './documents.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const v2 = (...values: number[]) => ({ data: bytes(...values), format: 2 as const });

describe('documents', () => {
  let database: TestDatabase;
  let db: Db;

  beforeEach(async () => {
    database = await openTestDatabase();
    db = database.db;
  });
  afterEach(async () => {
    await database.close();
  });

  it('creates a document once however often it is ensured', async () => {
    const first = await ensureDocument(db, { name: 'programme:ngs:1', kind: 'programme', scope: 'ngs' });
    const second = await ensureDocument(db, { name: 'programme:ngs:1', kind: 'programme', scope: 'ngs' });
    expect(second.id).toBe(first.id);
    expect(first).toMatchObject({ kind: 'programme', scope: 'ngs' });
  });

  it('returns appended updates in the order they were appended', async () => {
    const a = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    const b = await ensureDocument(db, { name: 'b', kind: 'b', scope: '' });
    await appendUpdates(db, [
      { documentId: a.id, data: bytes(1) },
      { documentId: b.id, data: bytes(9) },
      { documentId: a.id, data: bytes(2, 3) },
    ]);
    const loaded = await loadDocumentState(db, a.id);
    expect(loaded?.segments).toEqual([]);
    expect(loaded?.updates.map((u) => [...u])).toEqual([[1], [2, 3]]);
  });

  it('keeps only updates after the snapshot once compacted', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    await appendUpdates(db, [
      { documentId: doc.id, data: bytes(1) },
      { documentId: doc.id, data: bytes(2) },
    ]);
    const result = await compactDocument(db, doc.id, () => v2(42));
    expect(result).toEqual({ removedUpdates: 2, segmentBytes: [1] });
    await appendUpdates(db, [{ documentId: doc.id, data: bytes(3) }]);
    const loaded = await loadDocumentState(db, doc.id);
    expect(loaded?.segments.map((segment) => [...segment.data])).toEqual([[42]]);
    expect(loaded?.segments[0]?.format).toBe(2);
    expect(loaded?.updates.map((u) => [...u])).toEqual([[3]]);
    expect(await countUpdates(db, doc.id)).toBe(1);
  });

  it('folds the log into a new segment and leaves the older segments as they were', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    await appendUpdates(db, [{ documentId: doc.id, data: bytes(1) }]);
    await compactDocument(db, doc.id, () => v2(10, 10, 10, 10));
    await appendUpdates(db, [
      { documentId: doc.id, data: bytes(2) },
      { documentId: doc.id, data: bytes(3) },
    ]);
    const folded: number[][] = [];
    const fold = (updates: Uint8Array[]) => {
      folded.push(...updates.map((u) => [...u]));
      return v2(...updates.flatMap((u) => [...u]));
    };
    const never = () => false;
    const result = await foldDocumentLog(db, doc.id, fold, () => v2(0), never);
    // Only the log was read and folded; the first segment was not touched.
    expect(folded).toEqual([[2], [3]]);
    expect(result).toEqual({ removedUpdates: 2, segmentBytes: [4, 2] });
    await appendUpdates(db, [{ documentId: doc.id, data: bytes(4) }]);
    const loaded = await loadDocumentState(db, doc.id);
    expect(loaded.segments.map((segment) => [...segment.data])).toEqual([
      [10, 10, 10, 10],
      [2, 3],
    ]);
    expect(loaded.updates.map((u) => [...u])).toEqual([[4]]);
  });

  it('merges the newest segments while the rule says so, older first', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    const concat = (updates: Uint8Array[]) => v2(...updates.flatMap((u) => [...u]));
    const merges: string[] = [];
    const merge = (older: { data: Uint8Array }, newer: { data: Uint8Array }) => {
      merges.push(`${[...older.data]}+${[...newer.data]}`);
      return v2(...older.data, ...newer.data);
    };
    // Merge while the newer is at least as large as the older.
    const rule = (older: number, newer: number) => newer >= older;
    for (const value of [1, 2, 3]) {
      await appendUpdates(db, [{ documentId: doc.id, data: bytes(value) }]);
      await foldDocumentLog(db, doc.id, concat, merge, rule);
    }
    expect(merges).toEqual(['1+2']);
    const loaded = await loadDocumentState(db, doc.id);
    expect(loaded.segments.map((segment) => [...segment.data])).toEqual([[1, 2], [3]]);
    expect(loaded.updates).toEqual([]);
  });

  it('leaves everything alone when the log is empty', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    let folds = 0;
    const result = await foldDocumentLog(
      db,
      doc.id,
      () => {
        folds++;
        return v2(1);
      },
      () => v2(0),
      () => true,
    );
    expect(result).toEqual({ removedUpdates: 0, segmentBytes: [] });
    expect(folds).toBe(0);
  });

  it('never reuses an update id that a snapshot already covers', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    await appendUpdates(db, [{ documentId: doc.id, data: bytes(1) }]);
    await compactDocument(db, doc.id, () => v2(10));
    // The log is now empty; the next update must still get an id above the snapshot's last_update_id.
    await appendUpdates(db, [{ documentId: doc.id, data: bytes(2) }]);
    const loaded = await loadDocumentState(db, doc.id);
    expect(loaded?.updates.map((u) => [...u])).toEqual([[2]]);
  });

  it('leaves the snapshot alone when there is nothing to compact', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    let encoded = 0;
    const result = await compactDocument(db, doc.id, () => {
      encoded++;
      return v2(1);
    });
    expect(result).toEqual({ removedUpdates: 0, segmentBytes: [] });
    expect(encoded).toBe(0);
  });

  it('reads a snapshot written before snapshots were V2 as format 1', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    await db
      .insertInto('document_snapshots')
      .values({ document_id: doc.id, data: bytes(5), last_update_id: 0, created_at: 0 })
      .execute();
    const [segment] = (await loadDocumentState(db, doc.id)).segments;
    expect([...(segment?.data ?? [])]).toEqual([5]);
    expect(segment?.format).toBe(1);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './connection.ts';
import { appendUpdates, compactDocument, countUpdates, ensureDocument, loadDocumentState } from './documents.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('documents', () => {
  let dir: string;
  let db: Db;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klankbord-db-'));
    db = await openDatabase({ file: join(dir, 'klankbord.sqlite') });
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
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
    expect(loaded?.snapshot).toBeNull();
    expect(loaded?.updates.map((u) => [...u])).toEqual([[1], [2, 3]]);
  });

  it('keeps only updates after the snapshot once compacted', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    await appendUpdates(db, [
      { documentId: doc.id, data: bytes(1) },
      { documentId: doc.id, data: bytes(2) },
    ]);
    const result = await compactDocument(db, doc.id, () => bytes(42));
    expect(result).toEqual({ removedUpdates: 2, snapshotBytes: 1 });
    await appendUpdates(db, [{ documentId: doc.id, data: bytes(3) }]);
    const loaded = await loadDocumentState(db, doc.id);
    expect([...(loaded?.snapshot ?? [])]).toEqual([42]);
    expect(loaded?.updates.map((u) => [...u])).toEqual([[3]]);
    expect(await countUpdates(db, doc.id)).toBe(1);
  });

  it('never reuses an update id that a snapshot already covers', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    await appendUpdates(db, [{ documentId: doc.id, data: bytes(1) }]);
    await compactDocument(db, doc.id, () => bytes(10));
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
      return bytes(1);
    });
    expect(result.removedUpdates).toBe(0);
    expect(encoded).toBe(0);
  });

  it('keeps data across reopening the file', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    await appendUpdates(db, [{ documentId: doc.id, data: bytes(7, 7) }]);
    await db.destroy();
    db = await openDatabase({ file: join(dir, 'klankbord.sqlite') });
    const loaded = await loadDocumentState(db, doc.id);
    expect(loaded?.updates.map((u) => [...u])).toEqual([[7, 7]]);
  });
});

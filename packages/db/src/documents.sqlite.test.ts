import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './connection.ts';
import { appendUpdates, compactDocument, ensureDocument, loadDocumentState } from './documents.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

// The SQLite file itself: its pages, its vacuum mode, reopening it. PostgreSQL leaves its files to autovacuum.
describe('documents in a SQLite file', () => {
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

  it('gives the pages of a replaced snapshot and folded log back to the file system', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    const big = (fill: number) => ({ data: new Uint8Array(4 * 1024 * 1024).fill(fill), format: 2 as const });
    const pages = async () => {
      const row = await sql<{
        n: number;
      }>`select page_count * page_size as n from pragma_page_count, pragma_page_size`.execute(db);
      return row.rows[0]?.n ?? 0;
    };
    for (let round = 1; round <= 3; round++) {
      await appendUpdates(db, [{ documentId: doc.id, data: new Uint8Array(1024 * 1024).fill(round) }]);
      await compactDocument(db, doc.id, () => big(round));
    }
    const freePages = await sql<{ n: number }>`select freelist_count as n from pragma_freelist_count`.execute(db);
    expect(freePages.rows[0]?.n).toBe(0);
    // One 4 MiB snapshot, not three snapshots' and three logs' worth of pages.
    expect(await pages()).toBeLessThan(5 * 1024 * 1024);
  });

  it('turns an older database into one that can give pages back, keeping its rows', async () => {
    await db.destroy();
    const file = join(dir, 'old.sqlite');
    const plain = new SQLite(file);
    plain.exec('create table kept (x integer); insert into kept values (7);');
    expect(plain.pragma('auto_vacuum', { simple: true })).toBe(0);
    plain.close();
    db = await openDatabase({ file });
    const mode = await sql<{ auto_vacuum: number }>`pragma auto_vacuum`.execute(db);
    expect(mode.rows[0]?.auto_vacuum).toBe(2);
    const kept = await sql<{ x: number }>`select x from kept`.execute(db);
    expect(kept.rows).toEqual([{ x: 7 }]);
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

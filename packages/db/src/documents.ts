import { sql } from 'kysely';
import { type Db, releaseFreePages } from './connection.ts';
import type { DocumentRow, SnapshotFormat } from './schema.ts';

/** A document's folded state as stored, with the Yjs encoding it is in. */
export interface StoredSnapshot {
  data: Uint8Array;
  format: SnapshotFormat;
}

/** What a room needs to rebuild a document: the latest snapshot (if any) and the log after it (Yjs V1). */
export interface StoredState {
  snapshot: StoredSnapshot | null;
  updates: Uint8Array[];
}

/** One entry for appendUpdates: an update of the document with this id. */
export interface PendingUpdate {
  documentId: number;
  data: Uint8Array;
}

// SQLite binds at most 32,766 variables per statement; three per row keeps a chunk well below it.
const ROWS_PER_INSERT = 5000;

/** Returns the document with this name, creating its row on first use. */
export async function ensureDocument(
  db: Db,
  doc: { name: string; kind: string; scope: string },
  now = Date.now(),
): Promise<DocumentRow> {
  await db
    .insertInto('documents')
    .values({ name: doc.name, kind: doc.kind, scope: doc.scope, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return db.selectFrom('documents').selectAll().where('name', '=', doc.name).executeTakeFirstOrThrow();
}

/** Finds a document by name, or undefined. */
export async function findDocument(db: Db, name: string): Promise<DocumentRow | undefined> {
  return db.selectFrom('documents').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Loads a document's snapshot and every logged update after it, oldest first. */
export async function loadDocumentState(db: Db, documentId: number): Promise<StoredState> {
  const snapshot = await db
    .selectFrom('document_snapshots')
    .select(['data', 'format', 'last_update_id'])
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('document_updates')
    .select('data')
    .where('document_id', '=', documentId)
    .where('id', '>', snapshot?.last_update_id ?? 0)
    .orderBy('id')
    .execute();
  return {
    snapshot: snapshot ? { data: snapshot.data, format: snapshot.format } : null,
    updates: rows.map((row) => row.data),
  };
}

/**
 * Appends a batch of updates, possibly for several documents, in one transaction: the group commit
 * that makes a burst of edits cost one fsync rather than one each.
 */
export async function appendUpdates(db: Db, batch: readonly PendingUpdate[], now = Date.now()): Promise<void> {
  if (batch.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < batch.length; start += ROWS_PER_INSERT) {
      const rows = batch.slice(start, start + ROWS_PER_INSERT).map((u) => ({
        document_id: u.documentId,
        data: u.data,
        created_at: now,
      }));
      await trx.insertInto('document_updates').values(rows).execute();
    }
    const ids = [...new Set(batch.map((u) => u.documentId))];
    await trx.updateTable('documents').set({ updated_at: now }).where('id', 'in', ids).execute();
  });
}

/** The outcome of compactDocument: how many log rows were folded into the snapshot. */
export interface CompactionResult {
  removedUpdates: number;
  snapshotBytes: number;
}

/**
 * Folds a document's log into its snapshot. `encodeState` is called inside the transaction, after the
 * log's last id is read: the caller guarantees that its in-memory document already holds every update
 * that was committed, so the snapshot covers every row it deletes, and an update committed later gets
 * a higher id and stays in the log. The pages the old snapshot and the folded rows took are then given
 * back to the file system, so a database does not stay at the size of its busiest hour.
 */
export async function compactDocument(
  db: Db,
  documentId: number,
  encodeState: () => StoredSnapshot,
  now = Date.now(),
): Promise<CompactionResult> {
  const result = await db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('document_updates')
      .select((eb) => [eb.fn.max('id').as('id'), eb.fn.countAll<number>().as('count')])
      .where('document_id', '=', documentId)
      .executeTakeFirstOrThrow();
    if (last.id === null || last.count === 0) return { removedUpdates: 0, snapshotBytes: 0 };
    const { data, format } = encodeState();
    await trx
      .insertInto('document_snapshots')
      .values({ document_id: documentId, data, format, last_update_id: last.id, created_at: now })
      .onConflict((oc) =>
        oc.column('document_id').doUpdateSet({ data, format, last_update_id: last.id as number, created_at: now }),
      )
      .execute();
    await trx.deleteFrom('document_updates').where('document_id', '=', documentId).where('id', '<=', last.id).execute();
    return { removedUpdates: Number(last.count), snapshotBytes: data.byteLength };
  });
  if (result.removedUpdates > 0) releaseFreePages(db);
  return result;
}

/** Counts the log rows of a document that are not yet in its snapshot. */
export async function countUpdates(db: Db, documentId: number): Promise<number> {
  const row = await db
    .selectFrom('document_updates')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('document_id', '=', documentId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** True when the database answers a trivial query. */
export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** How many documents of a kind one scope (a network's slug) holds. */
export async function countDocuments(db: Db, kind: string, scope: string): Promise<number> {
  const row = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('kind', '=', kind)
    .where('scope', '=', scope)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Removes documents with their update log and snapshots, in one transaction; returns how many there were.
 * The caller first makes sure no room holds them (CollabServer.remove), or they would be written again.
 */
export async function deleteDocuments(db: Db, names: readonly string[]): Promise<number> {
  if (names.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const ids = (await trx.selectFrom('documents').select('id').where('name', 'in', names).execute()).map((r) => r.id);
    if (ids.length === 0) return 0;
    await trx.deleteFrom('document_updates').where('document_id', 'in', ids).execute();
    await trx.deleteFrom('document_snapshots').where('document_id', 'in', ids).execute();
    await trx.deleteFrom('documents').where('id', 'in', ids).execute();
    return ids.length;
  });
}

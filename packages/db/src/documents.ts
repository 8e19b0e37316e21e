import { sql } from 'kysely';
import { type Db, databaseDialect, releaseFreePages } from './connection.ts';
import type { DocumentRow, SnapshotFormat } from './schema.ts';

/**
 * A part of a document's folded state as stored, with the encoding it is in and, where known, its state vector and
 * its size as a Yjs V1 update (see DocumentSnapshotTable).
 */
export interface StoredSnapshot {
  data: Uint8Array;
  format: SnapshotFormat;
  stateVector?: Uint8Array | null;
  updateBytes?: number | null;
}

/** A segment's size as the limits on a document count it: as a Yjs update, before deflating. */
export function segmentSize(segment: StoredSnapshot): number {
  return segment.updateBytes ?? segment.data.byteLength;
}

/** One segment of a document's folded state: the log up to `lastUpdateId`, after the segment before it. */
export interface StoredSegment extends StoredSnapshot {
  lastUpdateId: number;
}

/**
 * What a room needs to rebuild a document: its segments, oldest first (applied in that order they are the
 * state up to the newest one's last update), and the log after them (Yjs V1).
 */
export interface StoredState {
  segments: StoredSegment[];
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

/**
 * Loads a document's segments and every update still in its log, oldest first. The log is read before the
 * segments: a compaction that commits in between has put what it took from the log into a segment this then
 * reads, so nothing falls between the two reads (an update read twice applies once). The whole log is read, not
 * only ids after the newest segment: on PostgreSQL an update may commit after a later id did (see compaction).
 */
export async function loadDocumentState(db: Db, documentId: number): Promise<StoredState> {
  const rows = await readLog(db, documentId);
  const segments = await listSegments(db, documentId);
  return { segments, updates: rows.map((row) => row.data) };
}

/** Every update still in a document's log, oldest first. */
function readLog(db: Db, documentId: number): Promise<{ id: number; data: Uint8Array }[]> {
  return db
    .selectFrom('document_updates')
    .select(['id', 'data'])
    .where('document_id', '=', documentId)
    .orderBy('id')
    .execute();
}

async function listSegments(db: Db, documentId: number): Promise<StoredSegment[]> {
  const rows = await db
    .selectFrom('document_snapshots')
    .select(['data', 'format', 'last_update_id', 'state_vector', 'update_bytes'])
    .where('document_id', '=', documentId)
    .orderBy('last_update_id')
    .execute();
  return rows.map((row) => ({
    data: row.data,
    format: row.format,
    stateVector: row.state_vector,
    updateBytes: row.update_bytes,
    lastUpdateId: row.last_update_id,
  }));
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

/**
 * The outcome of a compaction: how many log rows it folded, and the segments' sizes it left (segmentSize), oldest
 * first; or `skipped` when another instance was compacting the same document.
 */
export type CompactionResult = { removedUpdates: number; segmentBytes: number[] } | { skipped: true };

/**
 * Two instances never compact one document at once: on PostgreSQL the compaction's transaction holds an advisory
 * lock on the document (given back at commit or rollback), and one that finds it taken skips this round. SQLite
 * runs one writer at a time by itself.
 */
async function lockForCompaction(trx: Db, documentId: number): Promise<boolean> {
  if (databaseDialect(trx) !== 'postgres') return true;
  const { rows } = await sql<{
    locked: boolean;
  }>`select pg_try_advisory_xact_lock(${COMPACTION_LOCK}, ${documentId}) as locked`.execute(trx);
  return rows[0]?.locked === true;
}

/** The first key of the advisory locks that compaction takes (the second is the document's id). */
const COMPACTION_LOCK = 0x6b62;

/**
 * Deletes exactly the log rows a compaction folded, by id. Not "every id up to the last": on PostgreSQL ids are
 * handed out when an insert starts, so an update of another instance may commit with a lower id after the
 * compaction read the log; it stays in the log and is read on the next load.
 */
async function deleteFolded(trx: Db, documentId: number, ids: number[]): Promise<void> {
  for (let start = 0; start < ids.length; start += ROWS_PER_INSERT) {
    const chunk = ids.slice(start, start + ROWS_PER_INSERT);
    await trx.deleteFrom('document_updates').where('document_id', '=', documentId).where('id', 'in', chunk).execute();
  }
}

/**
 * Replaces a document's segments and log with one segment of its whole state. `encodeState` is called inside
 * the transaction, after the log is read: the caller's in-memory document holds every update it committed, and
 * `absorb` (given when other instances write too) first receives every segment and log row the transaction read,
 * so that the segment covers every row it deletes. An update committed later stays in the log. The pages the old
 * rows took are then given back to the file system, so a database does not stay at the size of its busiest hour.
 */
export async function compactDocument(
  db: Db,
  documentId: number,
  encodeState: () => StoredSnapshot,
  options: { absorb?: ((stored: StoredState) => void) | undefined; now?: number } = {},
): Promise<CompactionResult> {
  const { absorb, now = Date.now() } = options;
  const result = await db.transaction().execute(async (trx): Promise<CompactionResult> => {
    if (!(await lockForCompaction(trx, documentId))) return { skipped: true };
    const rows = await readLog(trx, documentId);
    if (rows.length === 0)
      return { removedUpdates: 0, segmentBytes: (await listSegments(trx, documentId)).map(segmentSize) };
    if (absorb) absorb({ segments: await listSegments(trx, documentId), updates: rows.map((row) => row.data) });
    const ids = rows.map((row) => row.id);
    const segment = { ...encodeState(), lastUpdateId: highest(ids) };
    await trx.deleteFrom('document_snapshots').where('document_id', '=', documentId).execute();
    await insertSegment(trx, documentId, segment, now);
    await deleteFolded(trx, documentId, ids);
    return { removedUpdates: rows.length, segmentBytes: [segmentSize(segment)] };
  });
  if ('removedUpdates' in result && result.removedUpdates > 0) releaseFreePages(db);
  return result;
}

/**
 * Folds a document's log into a new segment after the others, which stay as they are: `fold` gets the log's
 * updates (Yjs V1, oldest first) and returns them merged. Then, while `mergeNewest` says so for the two newest
 * segments, merges those into one with `merge`. Reads only the log and the segments it merges, never the whole
 * state, so folding the log of a large document costs what the log holds.
 */
export async function foldDocumentLog(
  db: Db,
  documentId: number,
  fold: (updates: Uint8Array[]) => StoredSnapshot,
  merge: (older: StoredSnapshot, newer: StoredSnapshot) => StoredSnapshot,
  mergeNewest: (olderBytes: number, newerBytes: number) => boolean,
  now = Date.now(),
): Promise<CompactionResult> {
  const result = await db.transaction().execute(async (trx): Promise<CompactionResult> => {
    if (!(await lockForCompaction(trx, documentId))) return { skipped: true };
    const rows = await readLog(trx, documentId);
    const segments = await listSegments(trx, documentId);
    if (rows.length === 0) return { removedUpdates: 0, segmentBytes: segments.map(segmentSize) };
    const ids = rows.map((row) => row.id);
    // After the newest segment, and never on its id (a late row of another instance may have a lower one).
    const lastUpdateId = Math.max(highest(ids), (segments.at(-1)?.lastUpdateId ?? 0) + 1);
    let newest: StoredSegment = { ...fold(rows.map((row) => row.data)), lastUpdateId };
    let older = segments.at(-1);
    while (older && mergeNewest(segmentSize(older), segmentSize(newest))) {
      newest = { ...merge(older, newest), lastUpdateId: newest.lastUpdateId };
      await trx
        .deleteFrom('document_snapshots')
        .where('document_id', '=', documentId)
        .where('last_update_id', '=', older.lastUpdateId)
        .execute();
      segments.pop();
      older = segments.at(-1);
    }
    await insertSegment(trx, documentId, newest, now);
    await deleteFolded(trx, documentId, ids);
    return { removedUpdates: rows.length, segmentBytes: [...segments, newest].map(segmentSize) };
  });
  if ('removedUpdates' in result && result.removedUpdates > 0) releaseFreePages(db);
  return result;
}

/** The largest of many ids (a spread of a long log would exceed the arguments a call may take). */
const highest = (ids: number[]) => ids.reduce((max, id) => Math.max(max, id), 0);

async function insertSegment(db: Db, documentId: number, segment: StoredSegment, now: number): Promise<void> {
  await db
    .insertInto('document_snapshots')
    .values({
      document_id: documentId,
      last_update_id: segment.lastUpdateId,
      data: segment.data,
      format: segment.format,
      state_vector: segment.stateVector ?? null,
      update_bytes: segment.updateBytes ?? null,
      created_at: now,
    })
    .execute();
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

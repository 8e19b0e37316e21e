import type { MeetingStatus } from '@klankbord/domain';
import { sql } from 'kysely';
import { type Db, inTransaction } from './connection.ts';

/** A text to be found: what a result shows, where it belongs, and the stems the index matches on. */
export interface SearchEntry {
  networkId: number;
  meetingId: number | null;
  /** What it is: 'report', 'programmeItem', 'statement', 'message', … */
  kind: string;
  /** Which one of its kind (a row id, a meeting id, an item id). */
  ref: string;
  title: string;
  body: string;
  titleStems: string;
  bodyStems: string;
}

/** A result: the entry, its meeting's status (for the permission check) and its rank (lower is better). */
export interface SearchHit {
  networkId: number;
  meetingId: number | null;
  meetingStatus: MeetingStatus | null;
  kind: string;
  ref: string;
  title: string;
  body: string;
  updatedAt: number;
  rank: number;
}

/** Adds an entry to the index, or replaces what the index had for the same kind and ref. */
export async function indexSearchEntry(db: Db, entry: SearchEntry, now = Date.now()): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('search_entries')
      .values({
        network_id: entry.networkId,
        meeting_id: entry.meetingId,
        kind: entry.kind,
        ref: entry.ref,
        title: entry.title,
        body: entry.body,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['kind', 'ref']).doUpdateSet({
          network_id: entry.networkId,
          meeting_id: entry.meetingId,
          title: entry.title,
          body: entry.body,
          updated_at: now,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`DELETE FROM search_index WHERE rowid = ${row.id}`.execute(trx);
    await sql`INSERT INTO search_index (rowid, title_stems, body_stems)
      VALUES (${row.id}, ${entry.titleStems}, ${entry.bodyStems})`.execute(trx);
  });
}

/** Takes an entry out of the index (its index row goes with it, by trigger). */
export async function removeSearchEntry(db: Db, kind: string, ref: string): Promise<void> {
  await db.deleteFrom('search_entries').where('kind', '=', kind).where('ref', '=', ref).execute();
}

/** Takes out the entries of a kind in a meeting whose refs are not among `keep` (items removed from a programme). */
export async function removeSearchEntriesExcept(
  db: Db,
  meetingId: number,
  kind: string,
  keep: readonly string[],
): Promise<void> {
  let query = db.deleteFrom('search_entries').where('meeting_id', '=', meetingId).where('kind', '=', kind);
  if (keep.length > 0) query = query.where('ref', 'not in', keep);
  await query.execute();
}

/** Takes out the entries of a kind whose ref starts with `prefix` (the messages of a deleted voorbeeld). */
export async function removeSearchEntriesWithRefPrefix(db: Db, kind: string, prefix: string): Promise<void> {
  await db
    .deleteFrom('search_entries')
    .where('kind', '=', kind)
    .where(sql<boolean>`substr(ref, 1, ${prefix.length}) = ${prefix}`)
    .execute();
}

/** Empties the index (before a rebuild). */
export async function clearSearchIndex(db: Db): Promise<void> {
  await db.deleteFrom('search_entries').execute();
}

/** How many entries the index holds. */
export async function countSearchEntries(db: Db): Promise<number> {
  const row = await db
    .selectFrom('search_entries')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * The best matches of an FTS5 expression among the entries of these networks, best first; a title match
 * weighs ten times a text match. The caller still checks what the member may see of each.
 */
export async function searchEntries(
  db: Db,
  query: { match: string; networkIds: readonly number[]; limit: number },
): Promise<SearchHit[]> {
  if (query.networkIds.length === 0) return [];
  const { rows } = await sql<{
    network_id: number;
    meeting_id: number | null;
    meeting_status: MeetingStatus | null;
    kind: string;
    ref: string;
    title: string;
    body: string;
    updated_at: number;
    rank: number;
  }>`SELECT e.network_id, e.meeting_id, m.status AS meeting_status, e.kind, e.ref, e.title, e.body, e.updated_at,
        search_index.rank AS rank
      FROM search_index
      JOIN search_entries e ON e.id = search_index.rowid
      LEFT JOIN meetings m ON m.id = e.meeting_id
      WHERE search_index MATCH ${query.match} AND search_index.rank MATCH 'bm25(10.0, 1.0)'
        AND e.network_id IN (${sql.join(query.networkIds)})
      ORDER BY search_index.rank
      LIMIT ${query.limit}`.execute(db);
  return rows.map((row) => ({
    networkId: row.network_id,
    meetingId: row.meeting_id,
    meetingStatus: row.meeting_status,
    kind: row.kind,
    ref: row.ref,
    title: row.title,
    body: row.body,
    updatedAt: row.updated_at,
    rank: row.rank,
  }));
}

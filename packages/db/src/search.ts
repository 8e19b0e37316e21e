import type { MeetingStatus } from '@klankbord/domain';
import { sql } from 'kysely';
import { countRows, type Db, inTransaction } from './connection.ts';

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

/**
 * What a member may see of some networks, as the search query filters it: the kinds of entry, each with the
 * statuses of the meeting it belongs to. The rule that decides it lives with the server (search-index.ts).
 */
export interface SearchScope {
  networkIds: readonly number[];
  visible: readonly VisibleEntries[];
}

/** Entries of one kind (and ref prefix) that are visible while their meeting has one of these statuses. */
export interface VisibleEntries {
  kind: string;
  /** Only entries whose ref starts with this, such as a message's subject kind (`comment:`); null for all. */
  refPrefix: string | null;
  /** The statuses of the entry's meeting; null stands for an entry without one (a voorbeeld, its messages). */
  statuses: readonly (MeetingStatus | null)[];
}

/** A result: the entry, its meeting's status and its rank (lower is better). */
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
      VALUES (${row.id}, ${inNetwork(entry.networkId, entry.titleStems)}, ${inNetwork(entry.networkId, entry.bodyStems)})`.execute(
      trx,
    );
  });
}

/**
 * The stems as the index holds them: each prefixed with its network's id (`12_verward`), so that a query that
 * names the member's networks reads only their part of the index rather than every network's matches.
 */
function inNetwork(networkId: number, stems: string): string {
  return stems
    .split(' ')
    .filter(Boolean)
    .map((stem) => `${networkId}_${stem}`)
    .join(' ');
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

/** Takes out the entries last indexed before `time` (those a rebuild that began then did not write again). */
export async function removeSearchEntriesIndexedBefore(db: Db, time: number): Promise<void> {
  await db.deleteFrom('search_entries').where('updated_at', '<', time).execute();
}

/** Empties the index. */
export async function clearSearchIndex(db: Db): Promise<void> {
  await db.deleteFrom('search_entries').execute();
}

/**
 * How many texts a rebuild reads, to show its progress: voorbeelden, messages, stellingen, and a programme and
 * a verslag per meeting (a programme gives an entry per item, so the entries may outnumber these).
 */
export async function countSearchSources(db: Db): Promise<number> {
  const count = (table: 'examples' | 'messages' | 'statements' | 'meetings') => countRows(db, table);
  return (
    (await count('examples')) + (await count('messages')) + (await count('statements')) + 2 * (await count('meetings'))
  );
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
 * Merges the index's segments into one (FTS5 'optimize'), after a rebuild: a query then reads one b-tree per
 * term rather than one per batch that wrote it.
 */
export async function optimizeSearchIndex(db: Db): Promise<void> {
  await sql`INSERT INTO search_index (search_index) VALUES ('optimize')`.execute(db);
}

/** A stem as the query looks for it: letters and digits only, so that it can never be FTS5 syntax. */
const STEM = /^[\p{L}\p{N}]+$/u;

/**
 * The best matches among the entries the scopes let the member see: entries that have every one of `stems`
 * (each as a prefix, so a word being typed is found), best first; a title match weighs ten times a text match.
 * The MATCH names the scopes' networks, so FTS5 reads only their part of the index; what may be seen is decided
 * again by the conditions on the entry, so that `limit` counts visible matches only: a limit applied before the
 * check would let invisible matches crowd out the visible ones.
 */
export async function searchEntries(
  db: Db,
  query: { stems: readonly string[]; scopes: readonly SearchScope[]; limit: number },
): Promise<SearchHit[]> {
  const stems = query.stems.filter((stem) => STEM.test(stem));
  const visible = query.scopes.flatMap((scope) => {
    const kinds = scope.visible.filter((entries) => entries.statuses.length > 0);
    if (scope.networkIds.length === 0 || kinds.length === 0) return [];
    return [
      sql`(e.network_id IN (${sql.join(scope.networkIds)}) AND (${sql.join(kinds.map(visibleKind), sql` OR `)}))`,
    ];
  });
  if (visible.length === 0 || stems.length === 0) return [];
  const networkIds = [
    ...new Set(
      query.scopes.flatMap((scope) =>
        scope.visible.some((entries) => entries.statuses.length > 0) ? scope.networkIds : [],
      ),
    ),
  ].filter((id) => Number.isSafeInteger(id) && id > 0);
  if (networkIds.length === 0) return [];
  const match = networkIds.map((id) => `(${stems.map((stem) => `"${id}_${stem}"*`).join(' AND ')})`).join(' OR ');
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
      WHERE search_index MATCH ${match} AND search_index.rank MATCH 'bm25(10.0, 1.0)'
        AND (${sql.join(visible, sql` OR `)})
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

/** The SQL condition for one kind of visible entries, over `e` (the entry) and `m` (its meeting, if any). */
function visibleKind(entries: VisibleEntries) {
  const statuses = entries.statuses.filter((status): status is MeetingStatus => status !== null);
  const byStatus = [
    ...(statuses.length > 0 ? [sql`m.status IN (${sql.join(statuses)})`] : []),
    // No meeting row: the entry has none, as the LEFT JOIN gives it.
    ...(entries.statuses.includes(null) ? [sql`m.id IS NULL`] : []),
  ];
  const prefix =
    entries.refPrefix === null ? sql`` : sql` AND substr(e.ref, 1, ${entries.refPrefix.length}) = ${entries.refPrefix}`;
  return sql`(e.kind = ${entries.kind}${prefix} AND (${sql.join(byStatus, sql` OR `)}))`;
}

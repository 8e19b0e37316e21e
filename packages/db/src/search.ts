import type { MeetingStatus } from '@klankbord/domain';
import { sql } from 'kysely';
import { countRows, type Db, databaseDialect, inTransaction } from './connection.ts';
import type { SearchIndexBackend, SearchTerm } from './search-backend.ts';
import { fts5Index } from './search-fts5.ts';
import { tsvectorIndex } from './search-tsvector.ts';

export type { SearchTerm } from './search-backend.ts';

/** The full-text index of the database `db` talks to. */
function indexOf(db: Db): SearchIndexBackend {
  return databaseDialect(db) === 'postgres' ? tsvectorIndex : fts5Index;
}

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
  /** The stems of the parts of the compounds in title and body (cameratoezicht: camera toezicht). */
  partStems: string;
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

/** A result: the entry, its meeting's status, title and first date, and its rank (lower is better). */
export interface SearchHit {
  networkId: number;
  meetingId: number | null;
  meetingStatus: MeetingStatus | null;
  meetingTitle: string | null;
  /** YYYY-MM-DD. */
  meetingDate: string | null;
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
    await indexOf(trx).write(trx, row.id, entry);
  });
}

/** Takes an entry out of the index (its index row goes with it: by trigger on SQLite, by cascade on PostgreSQL). */
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
 * How many texts a rebuild reads, to show its progress: voorbeelden, messages, stellingen, themes, files, members,
 * a network's list of organisations, and a netwerkdag, its programme and its verslag per meeting (a programme gives an
 * entry per item and deelsessie, so the entries may outnumber these).
 */
export async function countSearchSources(db: Db): Promise<number> {
  const tables = [
    'examples',
    'messages',
    'statements',
    'themes',
    'attachments',
    'memberships',
    // One text per network: the list of its organisations.
    'networks',
  ] as const;
  let count = 3 * (await countRows(db, 'meetings'));
  for (const table of tables) count += await countRows(db, table);
  return count;
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
 * Tidies the index after a rebuild (FTS5 'optimize' merges its segments into one; PostgreSQL moves GIN's pending
 * list into the index), so that a query reads it in one piece rather than one per batch that wrote it.
 */
export async function optimizeSearchIndex(db: Db): Promise<void> {
  await indexOf(db).optimize(db);
}

/** Narrows a search: to kinds of entry, to the netwerkdagen of one year, to one netwerkdag. */
export interface SearchFilter {
  kinds?: readonly string[] | undefined;
  year?: number | undefined;
  meetingId?: number | undefined;
}

/**
 * The best matches among the entries the scopes let the member see: entries that have every term (a word as a
 * prefix, so a word being typed is found), best first; a title match weighs ten times a text match, a compound's
 * part half a text match. The MATCH names the scopes' networks, so FTS5 reads only their part of the index; what
 * may be seen is decided again by the conditions on the entry, so that `limit` counts visible matches only: a
 * limit applied before the check would let invisible matches crowd out the visible ones.
 */
export async function searchEntries(
  db: Db,
  query: { terms: readonly SearchTerm[]; scopes: readonly SearchScope[]; limit: number; filter?: SearchFilter },
): Promise<SearchHit[]> {
  const visible = query.scopes.flatMap((scope) => {
    const kinds = scope.visible.filter((entries) => entries.statuses.length > 0);
    if (scope.networkIds.length === 0 || kinds.length === 0) return [];
    return [
      sql`(e.network_id IN (${sql.join(scope.networkIds)}) AND (${sql.join(kinds.map(visibleKind), sql` OR `)}))`,
    ];
  });
  if (visible.length === 0) return [];
  const networkIds = [
    ...new Set(
      query.scopes.flatMap((scope) =>
        scope.visible.some((entries) => entries.statuses.length > 0) ? scope.networkIds : [],
      ),
    ),
  ].filter((id) => Number.isSafeInteger(id) && id > 0);
  const index = indexOf(db);
  const match = index.match(query.terms, networkIds);
  if (!match) return [];
  const { kinds, year, meetingId } = query.filter ?? {};
  const filters = [
    ...(kinds && kinds.length > 0 ? [sql`e.kind IN (${sql.join(kinds)})`] : []),
    ...(meetingId !== undefined ? [sql`e.meeting_id = ${meetingId}`] : []),
    // first_date is YYYY-MM-DD: a year is a range of it, which the meetings' index can read.
    ...(year !== undefined ? [sql`m.first_date >= ${`${year}-01-01`} AND m.first_date < ${`${year + 1}-01-01`}`] : []),
  ];
  const { rows } = await index.run(db, (db) =>
    sql<{
      network_id: number;
      meeting_id: number | null;
      meeting_status: MeetingStatus | null;
      meeting_title: string | null;
      meeting_date: string | null;
      kind: string;
      ref: string;
      title: string;
      body: string;
      updated_at: number;
      rank: number;
    }>`SELECT e.network_id, e.meeting_id, m.status AS meeting_status, m.title AS meeting_title,
        m.first_date AS meeting_date, e.kind, e.ref, e.title, e.body, e.updated_at, ${match.rank} AS rank
      FROM ${match.from}
      LEFT JOIN meetings m ON m.id = e.meeting_id
      WHERE ${match.where}
        AND (${sql.join(visible, sql` OR `)})${filters.length > 0 ? sql` AND ${sql.join(filters, sql` AND `)}` : sql``}
      ORDER BY ${match.orderBy}
      LIMIT ${query.limit}`.execute(db),
  );
  return rows.map((row) => ({
    networkId: row.network_id,
    meetingId: row.meeting_id,
    meetingStatus: row.meeting_status,
    meetingTitle: row.meeting_title,
    meetingDate: row.meeting_date,
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

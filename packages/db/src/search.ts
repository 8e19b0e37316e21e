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
    await sql`DELETE FROM search_index WHERE rowid = ${row.id}`.execute(trx);
    const network = (stems: string) => inNetwork(entry.networkId, stems);
    await sql`INSERT INTO search_index (rowid, title_stems, body_stems, part_stems)
      VALUES (${row.id}, ${network(entry.titleStems)}, ${network(entry.bodyStems)}, ${network(entry.partStems)})`.execute(
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
 * Merges the index's segments into one (FTS5 'optimize'), after a rebuild: a query then reads one b-tree per
 * term rather than one per batch that wrote it.
 */
export async function optimizeSearchIndex(db: Db): Promise<void> {
  await sql`INSERT INTO search_index (search_index) VALUES ('optimize')`.execute(db);
}

/** A stem as the query looks for it: letters and digits only, so that it can never be FTS5 syntax. */
const STEM = /^[\p{L}\p{N}]+$/u;

/**
 * What a query asks for (made by @klankbord/search's parseQuery): a word, found as a prefix or, for a compound,
 * through all of its parts; or a phrase, its stems next to each other in this order.
 */
export type SearchTerm = { kind: 'word'; stem: string; parts: string[] } | { kind: 'phrase'; stems: string[] };

/** Narrows a search: to kinds of entry, to the netwerkdagen of one year, to one netwerkdag. */
export interface SearchFilter {
  kinds?: readonly string[] | undefined;
  year?: number | undefined;
  meetingId?: number | undefined;
}

/** One term as FTS5 MATCH syntax within network `id`; undefined when it holds nothing searchable. */
function termMatch(id: number, term: SearchTerm): string | undefined {
  const token = (stem: string) => `"${id}_${stem}"`;
  if (term.kind === 'phrase') {
    const stems = term.stems.filter((stem) => STEM.test(stem));
    return stems.length === 0 ? undefined : `(${stems.map(token).join(' + ')})`;
  }
  if (!STEM.test(term.stem)) return undefined;
  const parts = term.parts.filter((part) => STEM.test(part));
  // A compound is also found where its parts are written apart, next to each other ("camera toezicht"), or as
  // another form of it (veiligheidshuizen, veiligheidshuis: both veilig + huis in the parts column).
  return parts.length > 1 ? `(${token(term.stem)}* OR (${parts.map(token).join(' + ')}))` : `${token(term.stem)}*`;
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
  // A term with nothing searchable in it (only syntax) is left out, as the words around it are not.
  const perNetwork = networkIds.flatMap((id) => {
    const terms = query.terms.flatMap((term) => termMatch(id, term) ?? []);
    return terms.length > 0 ? [`(${terms.join(' AND ')})`] : [];
  });
  if (perNetwork.length === 0) return [];
  const match = perNetwork.join(' OR ');
  const { kinds, year, meetingId } = query.filter ?? {};
  const filters = [
    ...(kinds && kinds.length > 0 ? [sql`e.kind IN (${sql.join(kinds)})`] : []),
    ...(meetingId !== undefined ? [sql`e.meeting_id = ${meetingId}`] : []),
    // first_date is YYYY-MM-DD: a year is a range of it, which the meetings' index can read.
    ...(year !== undefined ? [sql`m.first_date >= ${`${year}-01-01`} AND m.first_date < ${`${year + 1}-01-01`}`] : []),
  ];
  const { rows } = await sql<{
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
        m.first_date AS meeting_date, e.kind, e.ref, e.title, e.body, e.updated_at, search_index.rank AS rank
      FROM search_index
      JOIN search_entries e ON e.id = search_index.rowid
      LEFT JOIN meetings m ON m.id = e.meeting_id
      WHERE search_index MATCH ${match} AND search_index.rank MATCH 'bm25(10.0, 1.0, 0.5)'
        AND (${sql.join(visible, sql` OR `)})${filters.length > 0 ? sql` AND ${sql.join(filters, sql` AND `)}` : sql``}
      ORDER BY search_index.rank
      LIMIT ${query.limit}`.execute(db);
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

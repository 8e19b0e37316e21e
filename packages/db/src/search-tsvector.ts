import { sql } from 'kysely';
import { isSearchableStem, type SearchIndexBackend, type SearchTerm } from './search-backend.ts';

// The search index on PostgreSQL: PostgreSQL's own full-text search over the same stems FTS5 indexes on SQLite.
// One tsvector per entry in `search_index` (migration 0009) with a GIN index: the title's stems with weight A,
// the text's with B, the compound parts' with C. The vector is written as a tsvector literal of the stems that
// @klankbord/search made (the Dutch stemming, the voiceless endings, the decompounding), not by to_tsvector with
// PostgreSQL's `dutch` configuration: a second, different stemmer would find other things than SQLite does, and
// the query's stems would no longer meet the index's. The weights keep the columns apart where FTS5 keeps
// columns: a phrase matches within one of them only, never across a title's end and a text's start. As on
// SQLite, each stem is written as `<network id>_<stem>`, so that GIN reads only the member's networks' entries.

/** The index on PostgreSQL. */
export const tsvectorIndex: SearchIndexBackend = {
  async write(trx, id, stems) {
    const vector = tsvector(stems.networkId, [
      [stems.titleStems, 'A'],
      [stems.bodyStems, 'B'],
      [stems.partStems, 'C'],
    ]);
    await sql`INSERT INTO search_index (entry_id, stems) VALUES (${id}, ${vector}::tsvector)
      ON CONFLICT (entry_id) DO UPDATE SET stems = excluded.stems`.execute(trx);
  },

  async optimize(db) {
    // Moves the entries GIN keeps in its pending list (fast inserts) into the index proper.
    await sql`SELECT gin_clean_pending_list('search_index_stems'::regclass)`.execute(db);
  },

  run(db, query) {
    // The planner costs a sequential scan by the table's few pages and not by the tsvectors it must fetch from
    // TOAST and match one by one, so it prefers that to the GIN index, and a common prefix then reads every
    // entry of every network (measured: 55 ms of 58 in a 20,000-entry index). Scans are turned off for this
    // query's transaction only; within a caller's transaction the setting would outlive the query, so not there.
    if (db.isTransaction) return query(db);
    return db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return query(trx);
    });
  },

  match(terms, networkIds) {
    // A term with nothing searchable in it (only syntax) is left out, as the words around it are not.
    const perNetwork = networkIds.flatMap((id) => {
      const matches = terms.flatMap((term) => termQuery(id, term) ?? []);
      return matches.length > 0 ? [`(${matches.join(' & ')})`] : [];
    });
    if (perNetwork.length === 0) return undefined;
    const query = sql`${perNetwork.join(' | ')}::tsquery`;
    return {
      from: sql`search_index JOIN search_entries e ON e.id = search_index.entry_id`,
      where: sql`search_index.stems @@ ${query}`,
      // As on SQLite, a title match weighs ten times a text match and a compound's part half a text match
      // (weights are {D, C, B, A}); normalisation 1 favours the shorter entry, as bm25 does. Negated: lower is better.
      rank: sql<number>`-ts_rank('{0, 0.05, 0.1, 1.0}', search_index.stems, ${query}, 1)`,
      // Ties in the order the entries were written, so that a query answers the same every time.
      orderBy: sql`rank, e.id`,
    };
  },
};

/** PostgreSQL keeps positions up to this; later words keep this one (found as words, not in phrases). */
const MAX_POSITION = 16383;

/** A tsvector literal of a network's space-separated stems, each column after the one before it, with its weight. */
function tsvector(networkId: number, columns: [stems: string, weight: 'A' | 'B' | 'C'][]): string {
  const lexemes: string[] = [];
  let position = 0;
  for (const [stems, weight] of columns) {
    for (const stem of stems.split(' ')) {
      if (stem === '') continue;
      position = Math.min(position + 1, MAX_POSITION);
      lexemes.push(`${lexeme(networkId, stem)}:${position}${weight}`);
    }
  }
  return lexemes.join(' ');
}

/** A network's stem as a lexeme, quoted for a tsvector or tsquery literal. */
function lexeme(networkId: number, stem: string): string {
  return `'${networkId}_${stem.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** The stems next to each other in this order, within one column (one weight) as an FTS5 phrase is. */
function phrase(networkId: number, stems: string[]): string {
  const inColumn = (weight: string) => stems.map((stem) => `${lexeme(networkId, stem)}:${weight}`).join(' <-> ');
  return `(${['A', 'B', 'C'].map((weight) => `(${inColumn(weight)})`).join(' | ')})`;
}

/** One term as a tsquery within network `id`; undefined when it holds nothing searchable. */
function termQuery(id: number, term: SearchTerm): string | undefined {
  if (term.kind === 'phrase') {
    const stems = term.stems.filter(isSearchableStem);
    return stems.length === 0 ? undefined : phrase(id, stems);
  }
  if (!isSearchableStem(term.stem)) return undefined;
  const parts = term.parts.filter(isSearchableStem);
  // A compound is also found where its parts are written apart, next to each other, or as another form of it.
  return parts.length > 1 ? `(${lexeme(id, term.stem)}:* | ${phrase(id, parts)})` : `${lexeme(id, term.stem)}:*`;
}

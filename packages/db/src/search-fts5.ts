import { sql } from 'kysely';
import { isSearchableStem, type SearchIndexBackend, type SearchTerm } from './search-backend.ts';

// The search index on SQLite: the FTS5 table `search_index` (migrations 0009, 0017, 0018), contentless, keyed by
// the entry's id, its three columns the stems of title, text and compound parts, each stem written as
// `<network id>_<stem>` so that a MATCH that names the member's networks reads only their part of the index.

/** The index on SQLite. */
export const fts5Index: SearchIndexBackend = {
  async write(trx, id, entry) {
    await sql`DELETE FROM search_index WHERE rowid = ${id}`.execute(trx);
    const network = (stems: string) => inNetwork(entry.networkId, stems);
    await sql`INSERT INTO search_index (rowid, title_stems, body_stems, part_stems)
      VALUES (${id}, ${network(entry.titleStems)}, ${network(entry.bodyStems)}, ${network(entry.partStems)})`.execute(
      trx,
    );
  },

  async optimize(db) {
    // Merges the index's segments into one: a query then reads one b-tree per term rather than one per batch.
    await sql`INSERT INTO search_index (search_index) VALUES ('optimize')`.execute(db);
  },

  run(db, query) {
    return query(db);
  },

  match(terms, networkIds) {
    // A term with nothing searchable in it (only syntax) is left out, as the words around it are not.
    const perNetwork = networkIds.flatMap((id) => {
      const matches = terms.flatMap((term) => termMatch(id, term) ?? []);
      return matches.length > 0 ? [`(${matches.join(' AND ')})`] : [];
    });
    if (perNetwork.length === 0) return undefined;
    return {
      from: sql`search_index JOIN search_entries e ON e.id = search_index.rowid`,
      // A title match weighs ten times a text match, a compound's part half a text match.
      where: sql`search_index MATCH ${perNetwork.join(' OR ')} AND search_index.rank MATCH 'bm25(10.0, 1.0, 0.5)'`,
      rank: sql<number>`search_index.rank`,
      // FTS5 sorts by its own rank column cheaply; ties keep the order it finds them in.
      orderBy: sql`search_index.rank`,
    };
  },
};

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

/** One term as FTS5 MATCH syntax within network `id`; undefined when it holds nothing searchable. */
function termMatch(id: number, term: SearchTerm): string | undefined {
  const token = (stem: string) => `"${id}_${stem}"`;
  if (term.kind === 'phrase') {
    const stems = term.stems.filter((stem) => isSearchableStem(stem));
    return stems.length === 0 ? undefined : `(${stems.map(token).join(' + ')})`;
  }
  if (!isSearchableStem(term.stem)) return undefined;
  const parts = term.parts.filter((part) => isSearchableStem(part));
  // A compound is also found where its parts are written apart, next to each other ("camera toezicht"), or as
  // another form of it (veiligheidshuizen, veiligheidshuis: both veilig + huis in the parts column).
  return parts.length > 1 ? `(${token(term.stem)}* OR (${parts.map(token).join(' + ')}))` : `${token(term.stem)}*`;
}

import type { RawBuilder } from 'kysely';
import type { Db } from './connection.ts';

// What search.ts asks of the full-text index, which each database keeps its own way: FTS5 on SQLite
// (search-fts5.ts), a tsvector per entry on PostgreSQL (search-tsvector.ts). Both index the same stems, made by
// @klankbord/search, and answer the same terms, so a query finds the same entries on either.

/**
 * What a query asks for (made by @klankbord/search's parseQuery): a word, found as a prefix or, for a compound,
 * through all of its parts; or a phrase, its stems next to each other in this order.
 */
export type SearchTerm = { kind: 'word'; stem: string; parts: string[] } | { kind: 'phrase'; stems: string[] };

/** The stems of one entry as the index takes them, space-separated. */
export interface IndexedStems {
  networkId: number;
  titleStems: string;
  bodyStems: string;
  partStems: string;
}

/** The part of the search query that the index decides: where entries come from, which match, and their rank. */
export interface IndexMatch {
  /** Joins the index to the entries, aliased `e`. */
  from: RawBuilder<unknown>;
  where: RawBuilder<unknown>;
  /** Lower is better. */
  rank: RawBuilder<number>;
  /** Best first, by the rank (the selected column `rank`) and what breaks its ties. */
  orderBy: RawBuilder<unknown>;
}

/** One database's full-text index. */
export interface SearchIndexBackend {
  /** Writes (or replaces) the index row of entry `id`, inside the caller's transaction. */
  write(trx: Db, id: number, stems: IndexedStems): Promise<void>;
  /** Tidies the index after a rebuild, so that queries read it in one piece. */
  optimize(db: Db): Promise<void>;
  /** Runs the search query that `match` made a part of, with what the database needs to run it well. */
  run<T>(db: Db, query: (db: Db) => Promise<T>): Promise<T>;
  /** Entries with every term (in one of `networkIds`); undefined when no term holds anything searchable. */
  match(terms: readonly SearchTerm[], networkIds: readonly number[]): IndexMatch | undefined;
}

/** A stem as a query looks for it: letters and digits only, so that it can never be the index's query syntax. */
export function isSearchableStem(stem: string): boolean {
  return /^[\p{L}\p{N}]+$/u.test(stem);
}

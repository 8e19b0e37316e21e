import { type Kysely, sql } from 'kysely';
import { dialectOf } from './dialect.ts';

// The search index again, now with every stem written as `<network id>_<stem>` (the tokenizer keeps `_` inside a
// token), so that a query names the member's networks in its MATCH and FTS5 reads only their part of the index:
// with 50 networks a two-word query read 25 times the entries it could show. The stems were never stored (the
// index is contentless), so the entries go too and the server builds the index again at start (search-index.ts).

export async function up(db: Kysely<any>): Promise<void> {
  // PostgreSQL's index (0009) filters by the entry's network through the join; nothing to rebuild there.
  if (dialectOf(db) === 'postgres') return;
  await sql`DROP TRIGGER search_entries_delete`.execute(db);
  await sql`DROP TABLE search_index`.execute(db);
  await sql`DELETE FROM search_entries`.execute(db);
  await sql`CREATE VIRTUAL TABLE search_index USING fts5(
    title_stems, body_stems, content = '', contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
  )`.execute(db);
  await sql`CREATE TRIGGER search_entries_delete AFTER DELETE ON search_entries BEGIN
    DELETE FROM search_index WHERE rowid = old.id;
  END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') return;
  await sql`DROP TRIGGER search_entries_delete`.execute(db);
  await sql`DROP TABLE search_index`.execute(db);
  await sql`DELETE FROM search_entries`.execute(db);
  await sql`CREATE VIRTUAL TABLE search_index USING fts5(
    title_stems, body_stems, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`CREATE TRIGGER search_entries_delete AFTER DELETE ON search_entries BEGIN
    DELETE FROM search_index WHERE rowid = old.id;
  END`.execute(db);
}

import { type Kysely, sql } from 'kysely';
import { dialectOf } from './dialect.ts';

// The search index again, with a third column: the stems of the parts of Dutch compounds (cameratoezicht gives
// camera and toezicht), kept apart from the words so that a phrase in quotes never matches across a word and its
// parts. Stems now also end the voiceless way (huizen and huis both `huis`). As with 0017 the index is
// contentless, so the entries go and the server builds the index again at start (search-index.ts), now with the
// netwerkdagen, themes, deelsessies, people, organisations and files besides.

export async function up(db: Kysely<any>): Promise<void> {
  // The filter by netwerkdag reads a meeting's entries by this.
  await db.schema.createIndex('search_entries_meeting').on('search_entries').column('meeting_id').execute();
  // PostgreSQL's index (0009) keeps the parts with their own weight in the one tsvector; nothing to rebuild there.
  if (dialectOf(db) === 'postgres') return;
  await sql`DROP TRIGGER search_entries_delete`.execute(db);
  await sql`DROP TABLE search_index`.execute(db);
  await sql`DELETE FROM search_entries`.execute(db);
  await sql`CREATE VIRTUAL TABLE search_index USING fts5(
    title_stems, body_stems, part_stems, content = '', contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
  )`.execute(db);
  await sql`CREATE TRIGGER search_entries_delete AFTER DELETE ON search_entries BEGIN
    DELETE FROM search_index WHERE rowid = old.id;
  END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('search_entries_meeting').execute();
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

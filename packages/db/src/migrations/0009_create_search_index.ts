import { type Kysely, sql } from 'kysely';
import { dialectOf, generatedId } from './dialect.ts';

// Search across a network's texts. `search_entries` holds what a result shows (title, text, where it belongs);
// `search_index` is an FTS5 index over the Dutch stems of title and text (made by @klankbord/search), keyed by the
// entry's id. It is contentless — the words are in search_entries already — with deletes allowed, so an entry is
// replaced by deleting its row and inserting it again. On PostgreSQL the index is a table of its own (it is
// PostgreSQL's full-text search, not FTS5): one tsvector of the same stems per entry, with a GIN index, and the
// foreign key's cascade in place of the trigger. It is in its final form here, so 0017 and 0018 leave it alone.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_entries')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('meeting_id', 'integer', (c) => c.references('meetings.id').onDelete('cascade'))
    // What it is (report, programmeItem, statement, message, …) and which one: unique together.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('search_entries_kind_ref', ['kind', 'ref'])
    .execute();
  await db.schema.createIndex('search_entries_network').on('search_entries').column('network_id').execute();
  if (dialectOf(db) === 'postgres') {
    await db.schema
      .createTable('search_index')
      .addColumn('entry_id', 'integer', (c) => c.primaryKey().references('search_entries.id').onDelete('cascade'))
      .addColumn('stems', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`CREATE INDEX search_index_stems ON search_index USING gin (stems)`.execute(db);
    return;
  }
  await sql`CREATE VIRTUAL TABLE search_index USING fts5(
    title_stems, body_stems, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
  )`.execute(db);
  // An entry that goes (its meeting or network deleted) takes its index row along.
  await sql`CREATE TRIGGER search_entries_delete AFTER DELETE ON search_entries BEGIN
    DELETE FROM search_index WHERE rowid = old.id;
  END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await db.schema.dropTable('search_index').execute();
    await db.schema.dropTable('search_entries').execute();
    return;
  }
  await sql`DROP TRIGGER search_entries_delete`.execute(db);
  await sql`DROP TABLE search_index`.execute(db);
  await db.schema.dropTable('search_entries').execute();
}

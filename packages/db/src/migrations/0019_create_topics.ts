import type { Kysely } from 'kysely';
import { generatedId } from './dialect.ts';

// The theme timeline's recurring topics: the secretariat groups the themes of a network's netwerkdagen into
// topics (ondermijning, radicalisering …). A theme belongs to at most one topic. Suggestions are computed from the
// themes' words when asked; only the ones the secretariat ignored are stored.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('topics')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // The folded name: two topics of a network may not differ only in case or accents.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('topics_network_key').unique().on('topics').columns(['network_id', 'key']).execute();

  // The primary key on theme_id is the rule that a theme is in one topic at most; moving it replaces the row.
  await db.schema
    .createTable('topic_themes')
    .addColumn('theme_id', 'integer', (c) => c.primaryKey().references('themes.id').onDelete('cascade'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('topic_themes_topic').on('topic_themes').column('topic_id').execute();

  await db.schema
    .createTable('topic_suggestions_ignored')
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('topic_suggestions_ignored_pk', ['network_id', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('topic_suggestions_ignored').execute();
  await db.schema.dropTable('topic_themes').execute();
  await db.schema.dropTable('topics').execute();
}

import type { Kysely } from 'kysely';
import { generatedId } from './dialect.ts';

// Goede voorbeelden: the plain fields of an example (its description is the Yjs document
// `example:<slug>:<id>`, projected into description_text for lists and search), the network's tags — a list the
// secretariat curates, beside free tags members suggest — and the 'this helped us too' marks, one per member.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('examples')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('contact_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // JSON array of { url, label }.
    .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('meeting_id', 'integer', (c) => c.references('meetings.id').onDelete('set null'))
    .addColumn('session_id', 'text')
    .addColumn('description_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('examples_network').on('examples').columns(['network_id', 'created_at']).execute();

  await db.schema
    .createTable('example_tags')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Folded name (lower case), so 'Ondermijning' and 'ondermijning' are one tag.
    .addColumn('key', 'text', (c) => c.notNull())
    // 1: on the network's list; 0: suggested by a member, until the secretariat adopts it.
    .addColumn('curated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('example_tags_network_key', ['network_id', 'key'])
    .execute();

  await db.schema
    .createTable('example_tag_links')
    .addColumn('example_id', 'integer', (c) => c.notNull().references('examples.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('example_tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('example_tag_links_pk', ['example_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('example_tag_links_tag').on('example_tag_links').column('tag_id').execute();

  await db.schema
    .createTable('example_marks')
    .addColumn('example_id', 'integer', (c) => c.notNull().references('examples.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('example_marks_pk', ['example_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('example_marks').execute();
  await db.schema.dropTable('example_tag_links').execute();
  await db.schema.dropTable('example_tags').execute();
  await db.schema.dropTable('examples').execute();
}

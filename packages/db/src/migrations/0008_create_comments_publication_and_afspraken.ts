import type { Kysely } from 'kysely';
import { generatedId } from './dialect.ts';

// What the verslag gathers beside its text: comments and afspraken, each anchored to a range of the text by two
// Yjs relative positions (so they follow the words while the text is edited, and a reader who may not write the
// text can still comment on it), and the report's publication.

export async function up(db: Kysely<any>): Promise<void> {
  // A comment's words and replies are the messages of its discussion thread (subject `comment:<id>`).
  await db.schema
    .createTable('report_comments')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('anchor_start', 'text', (c) => c.notNull())
    .addColumn('anchor_end', 'text', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('resolved_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('report_comments_meeting').on('report_comments').column('meeting_id').execute();

  // Published: the final version is readable by every member; with a public link, by anyone who has it. Only
  // the link's SHA-256 is kept, like every other secret.
  await db.schema.alterTable('reports').addColumn('published_at', 'bigint').execute();
  await db.schema
    .alterTable('reports')
    .addColumn('published_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('reports').addColumn('public_link_hash', 'text').execute();
  await db.schema.alterTable('reports').addColumn('public_link_created_at', 'bigint').execute();
  await db.schema.createIndex('reports_public_link').on('reports').column('public_link_hash').unique().execute();

  // An afspraak: an agreed follow-up marked on a passage of a verslag, owned by a member or an organisation.
  await db.schema
    .createTable('afspraken')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('anchor_start', 'text', (c) => c.notNull())
    .addColumn('anchor_end', 'text', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('owner_organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
    // A calendar date, YYYY-MM-DD: due on that day wherever the reader is.
    .addColumn('due_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    .addColumn('done_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('afspraken_network_status').on('afspraken').columns(['network_id', 'status']).execute();
  await db.schema.createIndex('afspraken_meeting').on('afspraken').column('meeting_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('afspraken').execute();
  await db.schema.dropIndex('reports_public_link').execute();
  for (const column of ['public_link_created_at', 'public_link_hash', 'published_by', 'published_at']) {
    await db.schema.alterTable('reports').dropColumn(column).execute();
  }
  await db.schema.dropTable('report_comments').execute();
}

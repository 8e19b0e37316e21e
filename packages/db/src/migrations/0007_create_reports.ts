import type { Kysely } from 'kysely';
import { bytes, generatedId } from './dialect.ts';

// The verslag's text lives in its Yjs document (`report:<slug>:<meeting id>`); SQL keeps what the document
// cannot: whether it is finalised (the collaboration endpoint then gives everyone read access only), and its
// named versions, each the document's whole state (Y.encodeStateAsUpdate) at the moment it was saved.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reports')
    .addColumn('meeting_id', 'integer', (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
    .addColumn('finalised_at', 'bigint')
    .addColumn('finalised_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('final_version_id', 'integer')
    .addColumn('reopened_at', 'bigint')
    .addColumn('reopened_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('report_versions')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', bytes(db), (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_versions_meeting_id').on('report_versions').column('meeting_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_versions').execute();
  await db.schema.dropTable('reports').execute();
}

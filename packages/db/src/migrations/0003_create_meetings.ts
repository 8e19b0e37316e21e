import type { Kysely } from 'kysely';
import { generatedId } from './dialect.ts';

// Netwerkdagen: one row per meeting. Their co-edited parts (programme, session notes) live in Yjs
// documents named after the meeting; this table holds what lists, access checks and the lifecycle need.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    // JSON array of YYYY-MM-DD, sorted; first_date repeats its first element for ordering and grouping by year.
    .addColumn('dates', 'text', (c) => c.notNull())
    .addColumn('first_date', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('host_organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('venue', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meetings_network_first_date')
    .on('meetings')
    .columns(['network_id', 'first_date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('meetings').execute();
}

import type { Kysely } from 'kysely';
import { generatedId } from './dialect.ts';

// Bestanden attached to a voorbeeld, a meeting or a verslag. The bytes are files in the data directory under a
// random storage key (no name a user chose ever reaches the file system); this table says what they are, whose
// they are, and how much of its quota a network uses.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    // 'example', 'meeting' or 'report', and the id of that example or meeting.
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_target').on('attachments').columns(['target_kind', 'target_id']).execute();
  await db.schema.createIndex('attachments_network').on('attachments').column('network_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachments').execute();
}

import type { Kysely } from 'kysely';
import { bytes, generatedId, logId } from './dialect.ts';

// Migrations import nothing from the app: they describe the schema as it was on the day they were written.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_scope_kind').on('documents').columns(['scope', 'kind']).execute();

  // AUTOINCREMENT matters: compaction deletes the newest rows too, and a reused id at or below a
  // snapshot's last_update_id would make the next load skip that update.
  await db.schema
    .createTable('document_updates')
    .addColumn('id', logId(db), generatedId(db))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('data', bytes(db), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('document_updates_document_id_id')
    .on('document_updates')
    .columns(['document_id', 'id'])
    .execute();

  await db.schema
    .createTable('document_snapshots')
    .addColumn('document_id', 'integer', (c) => c.primaryKey().references('documents.id').onDelete('cascade'))
    .addColumn('data', bytes(db), (c) => c.notNull())
    .addColumn('last_update_id', logId(db), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('document_snapshots').execute();
  await db.schema.dropTable('document_updates').execute();
  await db.schema.dropTable('documents').execute();
}

import { type Kysely, sql } from 'kysely';

// Snapshots are now written in Yjs's V2 encoding, which is about half the size of V1 for text edited in small
// steps. Rows written before keep format 1 and are read as they are; the next compaction rewrites them as V2.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('document_snapshots')
    .addColumn('format', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table document_snapshots drop column format`.execute(db);
}

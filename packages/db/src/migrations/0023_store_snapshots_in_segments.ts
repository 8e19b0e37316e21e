import { type Kysely, sql } from 'kysely';
import { bytes, logId } from './dialect.ts';

// A document's stored state becomes a list of segments instead of one snapshot: folding the log appends the log's
// updates merged into a new segment, and leaves the older segments as they are. A large document is then no
// longer re-encoded whole every time its log is folded. Each segment covers the log ids after the one before it
// up to its own `last_update_id`, and keeps its state vector (so that a cold room can answer a client without
// reading the segment with Yjs) and its size before deflating. SQLite cannot change a primary key in place, so the table is rebuilt.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('document_segments')
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('last_update_id', logId(db), (c) => c.notNull())
    .addColumn('data', bytes(db), (c) => c.notNull())
    .addColumn('format', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('state_vector', bytes(db))
    .addColumn('update_bytes', 'integer')
    .addPrimaryKeyConstraint('document_segments_pk', ['document_id', 'last_update_id'])
    .execute();
  await sql`insert into document_segments (document_id, last_update_id, data, format, created_at)
    select document_id, last_update_id, data, format, created_at from document_snapshots`.execute(db);
  await db.schema.dropTable('document_snapshots').execute();
  await sql`alter table document_segments rename to document_snapshots`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Back to one row per document keeps only the newest segment, which is not the whole state: refuse instead.
  const many = await sql<{ n: number }>`select count(*) as n from document_snapshots
    group by document_id having count(*) > 1 limit 1`.execute(db);
  if (many.rows.length > 0) throw new Error('documents stored in several segments cannot go back to one snapshot');
  await db.schema
    .createTable('document_single_snapshots')
    .addColumn('document_id', 'integer', (c) => c.primaryKey().references('documents.id').onDelete('cascade'))
    .addColumn('data', bytes(db), (c) => c.notNull())
    .addColumn('last_update_id', logId(db), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('format', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`insert into document_single_snapshots (document_id, data, last_update_id, created_at, format)
    select document_id, data, last_update_id, created_at, format from document_snapshots`.execute(db);
  await db.schema.dropTable('document_snapshots').execute();
  await sql`alter table document_single_snapshots rename to document_snapshots`.execute(db);
}

import type { Kysely } from 'kysely';
import { generatedId } from './dialect.ts';

// Suggestions on the verslag: a proposed replacement of an anchored passage, kept beside the text (like comments)
// until the secretariaat accepts it into the text or rejects it. Who proposed and who decided is forgotten, not
// the suggestion, when their account is deleted.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_suggestions')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('anchor_start', 'text', (c) => c.notNull())
    .addColumn('anchor_end', 'text', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('replacement', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('report_suggestions_meeting_status')
    .on('report_suggestions')
    .columns(['meeting_id', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_suggestions').execute();
}

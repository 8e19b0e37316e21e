import type { Kysely } from 'kysely';
import { generatedId } from './dialect.ts';

// The barrier reports of the accessibility statement (/toegankelijkheid): someone, signed in or not, tells the
// secretariaat that a page stood in their way. Site-wide, not of one network. A reporter who signed in is kept
// (null once their account is gone); the e-mail address is only there when they asked for an answer.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('barrier_reports')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('page', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('handled_at', 'bigint')
    .addColumn('handled_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  // The cap on open reports counts them on every new one; the list shows the newest first.
  await db.schema.createIndex('barrier_reports_status').on('barrier_reports').columns(['status', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('barrier_reports').execute();
}

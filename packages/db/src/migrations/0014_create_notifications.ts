import type { Kysely } from 'kysely';
import { generatedId } from './dialect.ts';

// The inbox: what a person is told about (a mention, an afspraak, a stage of a netwerkdag), and how they want it
// mailed. A notification keeps the parameters of its text, not the text, so that each reader reads it in their
// own language. The dedupe key makes every producer idempotent: the same thing never notifies twice.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('link', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    // When it went out by mail (directly or in a digest); never mailed twice.
    .addColumn('mailed_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('notifications_user_dedupe')
    .on('notifications')
    .columns(['user_id', 'dedupe_key'])
    .unique()
    .execute();
  await db.schema.createIndex('notifications_user_id').on('notifications').columns(['user_id', 'id']).execute();
  await db.schema
    .createIndex('notifications_unmailed')
    .on('notifications')
    .columns(['mailed_at', 'created_at'])
    .execute();

  await db.schema
    .createTable('user_notification_preferences')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_notification_preferences_pk', ['user_id', 'kind'])
    .execute();

  // One digest per person per day: the row is written before the mail goes, so a second run sends nothing.
  await db.schema
    .createTable('notification_digests')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_digests_pk', ['user_id', 'day'])
    .execute();

  // Keys the server signs with (the unsubscribe links), made on first use and kept across restarts.
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('server_secrets').execute();
  await db.schema.dropTable('notification_digests').execute();
  await db.schema.dropTable('user_notification_preferences').execute();
  await db.schema.dropTable('notifications').execute();
}

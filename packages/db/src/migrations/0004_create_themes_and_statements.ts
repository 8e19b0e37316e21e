import type { Kysely } from 'kysely';
import { byteOrderedText, generatedId } from './dialect.ts';

// Themes the klankbordgroep proposes for a meeting and the support members give them (one theme per member
// per meeting), and the stellingen put to the room with the members' positions (one per member per statement).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('themes')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('why', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('proposer_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('chosen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('themes_meeting').on('themes').column('meeting_id').execute();

  // The primary key is the rule: a member supports at most one theme of a meeting; changing it replaces the row.
  await db.schema
    .createTable('theme_supports')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('theme_id', 'integer', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('theme_supports_pk', ['meeting_id', 'user_id'])
    .execute();
  await db.schema.createIndex('theme_supports_theme').on('theme_supports').column('theme_id').execute();

  await db.schema
    .createTable('statements')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('session_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('voting_open', 'integer', (c) => c.notNull().defaultTo(0))
    // An order key (packages/domain order-key.ts): statements can be reordered by changing one row.
    .addColumn('order_key', byteOrderedText(db), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('statements_meeting_order')
    .on('statements')
    .columns(['meeting_id', 'order_key'])
    .execute();

  await db.schema
    .createTable('votes')
    .addColumn('statement_id', 'integer', (c) => c.notNull().references('statements.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('votes_pk', ['statement_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('votes').execute();
  await db.schema.dropTable('statements').execute();
  await db.schema.dropTable('theme_supports').execute();
  await db.schema.dropTable('themes').execute();
}

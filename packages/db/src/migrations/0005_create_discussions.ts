import type { Kysely } from 'kysely';
import { generatedId } from './dialect.ts';

// Discussions: one thread per subject (a meeting, theme, statement or session), its messages, and how far
// each member has read. A thread belongs to the meeting its subject resolves to, so that access follows the
// meeting's status and the thread goes when the meeting goes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('threads')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('meeting_id', 'integer', (c) => c.references('meetings.id').onDelete('cascade'))
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    // Text, so that a subject whose id is not a number (an item of a Yjs document) fits too.
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('threads_subject', ['subject_kind', 'subject_id'])
    .execute();
  await db.schema.createIndex('threads_meeting').on('threads').column('meeting_id').execute();
  await db.schema.createIndex('threads_network').on('threads').column('network_id').execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('thread_id', 'integer', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    // JSON array of the user ids the message mentions.
    .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('edited_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('messages_thread').on('messages').columns(['thread_id', 'id']).execute();

  await db.schema
    .createTable('thread_reads')
    .addColumn('thread_id', 'integer', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('last_read_message_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('thread_reads_pk', ['thread_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('thread_reads').execute();
  await db.schema.dropTable('messages').execute();
  await db.schema.dropTable('threads').execute();
}

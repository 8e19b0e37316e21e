import type { Kysely } from 'kysely';

// Read models of the programme documents (Yjs is the truth): the server rewrites a meeting's rows after its
// programme changes, so overviews and search never open the documents. `meeting_sessions`, because
// `sessions` holds sign-in sessions. Which session a member picked is no projection but the member's own
// choice, kept in SQL; it outlives edits of the programme as long as the session does.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('programme_items')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('overlaps', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON array of {name, role, organisation}.
    .addColumn('speakers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('description_text', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('programme_items_pk', ['meeting_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('meeting_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('facilitator', 'text', (c) => c.notNull())
    .addColumn('rapporteur', 'text', (c) => c.notNull())
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('rotation_minutes', 'integer')
    .execute();
  await db.schema.createIndex('meeting_sessions_meeting_id').on('meeting_sessions').column('meeting_id').execute();

  await db.schema
    .createTable('session_choices')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_choices_pk', ['meeting_id', 'user_id'])
    .execute();
  await db.schema.createIndex('session_choices_session_id').on('session_choices').column('session_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('session_choices').execute();
  await db.schema.dropTable('meeting_sessions').execute();
  await db.schema.dropTable('programme_items').execute();
}

import { type Kysely, sql } from 'kysely';
import { generatedId } from './dialect.ts';

// Voting without an account on the day of a netwerkdag: the secretariaat's day code, the guests who came in
// through it (one row per device), and their votes, kept apart from members' votes so that tallies show them
// apart. A statement now remembers when voting was first opened, so one never opened does not say "gesloten".

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('day_codes')
    .addColumn('meeting_id', 'integer', (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
    // The lookup key. The code itself is kept too: it is on the big screen all day, no secret from the room,
    // and the secretariaat shows it again after a reload; renewing it is how it is taken back.
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('guest_voters')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('device_hash', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('guest_voters_meeting_device')
    .on('guest_voters')
    .columns(['meeting_id', 'device_hash'])
    .unique()
    .execute();
  await db.schema
    .createTable('guest_votes')
    .addColumn('statement_id', 'integer', (c) => c.notNull().references('statements.id').onDelete('cascade'))
    .addColumn('guest_voter_id', 'integer', (c) => c.notNull().references('guest_voters.id').onDelete('cascade'))
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('guest_votes_pk', ['statement_id', 'guest_voter_id'])
    .execute();
  await db.schema.alterTable('statements').addColumn('voting_opened_at', 'bigint').execute();
  // A statement that is open, or has votes, was opened at some time before now.
  await sql`update statements set voting_opened_at = updated_at
    where voting_open = 1 or exists (select 1 from votes where votes.statement_id = statements.id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('statements').dropColumn('voting_opened_at').execute();
  await db.schema.dropTable('guest_votes').execute();
  await db.schema.dropTable('guest_voters').execute();
  await db.schema.dropTable('day_codes').execute();
}

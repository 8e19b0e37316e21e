import { type Kysely, Migrator, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './connection.ts';
import { addMessage, ensureThread, listMessages } from './discussions.ts';
import { migrations } from './migrations/index.ts';
import { castVote, tallyStatements } from './statements.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';
import { describeSchema } from './test-schema.ts';
import { createUser, deleteUser } from './users.ts';

const NOW = Date.now();

/** Every column of the database that is a foreign key to users.id, with what deleting the user does to its rows. */
async function userColumns(db: Db): Promise<{ table: string; column: string; onDelete: string }[]> {
  return Object.entries(await describeSchema(db)).flatMap(([table, schema]) =>
    schema.foreignKeys
      .filter((key) => key.table === 'users')
      .map((key) => ({ table, column: key.column, onDelete: key.onDelete })),
  );
}

async function countReferences(db: Db, table: string, column: string, userId: number): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${userId}`.execute(db);
  return Number(result.rows[0]?.n);
}

describe('removing a person from Klankbord', () => {
  let database: TestDatabase;
  let db: Db;
  let leaving: number;
  let staying: number;
  let threadId: number;
  let statementId: number;

  beforeEach(async () => {
    database = await openTestDatabase();
    db = database.db;
    const user = (email: string) =>
      createUser(db, { email, name: email.split('@')[0]!, organisationId: null, passwordHash: 'x' });
    leaving = (await user('vertrekt@example.nl'))!.id;
    staying = (await user('blijft@example.nl'))!.id;
    await arrangeEverythingOf(db, leaving, staying);
    threadId = (await db.selectFrom('threads').select('id').executeTakeFirstOrThrow()).id;
    statementId = (await db.selectFrom('statements').select('id').executeTakeFirstOrThrow()).id;
  });
  afterEach(async () => {
    await database.close();
  });

  it('goes with what was only theirs and stays, without them, with what they shared', async () => {
    const actions = Object.fromEntries(
      (await userColumns(db)).map(({ table, column, onDelete }) => [`${table}.${column}`, onDelete]),
    );
    // deleteUser leaves this to the foreign keys: a column added later must say here which of the two it is.
    expect(actions).toEqual({
      'afspraken.created_by': 'SET NULL',
      'afspraken.done_by': 'SET NULL',
      'afspraken.owner_user_id': 'SET NULL',
      'api_tokens.user_id': 'CASCADE',
      'attachments.created_by': 'SET NULL',
      'audit_events.actor_id': 'SET NULL',
      'barrier_reports.handled_by': 'SET NULL',
      'barrier_reports.user_id': 'SET NULL',
      'day_codes.created_by': 'SET NULL',
      'example_marks.user_id': 'CASCADE',
      'examples.contact_user_id': 'SET NULL',
      'examples.created_by': 'SET NULL',
      'invitations.accepted_by': 'SET NULL',
      'invitations.invited_by': 'SET NULL',
      'meetings.created_by': 'SET NULL',
      'memberships.user_id': 'CASCADE',
      'messages.author_id': 'SET NULL',
      'messages.deleted_by': 'SET NULL',
      'notification_digests.user_id': 'CASCADE',
      'notifications.user_id': 'CASCADE',
      'password_resets.created_by': 'SET NULL',
      'password_resets.user_id': 'CASCADE',
      'report_comments.created_by': 'SET NULL',
      'report_comments.resolved_by': 'SET NULL',
      'report_suggestions.author_id': 'SET NULL',
      'report_suggestions.decided_by': 'SET NULL',
      'report_versions.created_by': 'SET NULL',
      'reports.finalised_by': 'SET NULL',
      'reports.published_by': 'SET NULL',
      'reports.reopened_by': 'SET NULL',
      'session_choices.user_id': 'CASCADE',
      'sessions.user_id': 'CASCADE',
      'theme_supports.user_id': 'CASCADE',
      'thread_reads.user_id': 'CASCADE',
      'themes.proposer_id': 'SET NULL',
      'user_notification_preferences.user_id': 'CASCADE',
      'votes.user_id': 'SET NULL',
    });
  });

  it('leaves no row that refers to them, in any column that refers to a user', async () => {
    const columns = await userColumns(db);
    // The arrangement refers to them from every such column, so the check after the delete covers them all.
    for (const { table, column } of columns) {
      expect(await countReferences(db, table, column, leaving), `${table}.${column} before`).toBeGreaterThan(0);
    }

    expect(await deleteUser(db, leaving)).toMatchObject({ id: leaving, email: 'vertrekt@example.nl' });

    for (const { table, column } of columns) {
      expect(await countReferences(db, table, column, leaving), `${table}.${column} after`).toBe(0);
    }
    expect(await db.selectFrom('users').select('email').execute()).toEqual([{ email: 'blijft@example.nl' }]);
    // Nor by their address, nor as an id inside JSON.
    expect(await db.selectFrom('invitations').select('email').execute()).toEqual([{ email: 'nieuw@example.nl' }]);
    const audit = await db.selectFrom('audit_events').select(['subject', 'detail']).orderBy('id').execute();
    expect(audit.map((event) => event.subject)).toEqual([null, 'message:1']);
    expect(JSON.parse(audit[1]!.detail)).toEqual({ authorId: null, threadId });
    const mentions = await db.selectFrom('messages').select('mentions').execute();
    expect(mentions.map((m) => JSON.parse(m.mentions))).not.toContainEqual(expect.arrayContaining([leaving]));
    // The other member keeps everything of their own.
    expect(await countReferences(db, 'memberships', 'user_id', staying)).toBe(1);
    expect(await countReferences(db, 'sessions', 'user_id', staying)).toBe(1);
  });

  it('keeps their messages, by a former member, in the list of the thread', async () => {
    const before = await listMessages(db, threadId, { limit: 10 });

    const deleted = await deleteUser(db, leaving);

    const after = await listMessages(db, threadId, { limit: 10 });
    expect(after.map((m) => m.body)).toEqual(before.map((m) => m.body));
    const theirs = before.filter((m) => m.authorId === leaving).map((m) => m.id);
    expect(theirs.length).toBeGreaterThan(0);
    expect(deleted?.messageIds.toSorted()).toEqual(theirs.toSorted());
    for (const message of after.filter((m) => theirs.includes(m.id))) {
      expect(message).toMatchObject({ authorId: null, authorName: null });
    }
    expect(after.find((m) => !theirs.includes(m.id))).toMatchObject({ authorId: staying, authorName: 'blijft' });
    expect(after.find((m) => !theirs.includes(m.id))?.mentions).toEqual([staying]);
    // Their messages were indexed under their name: those entries are gone until the server indexes them again.
    const entries = await db.selectFrom('search_entries').select(['ref', 'title']).execute();
    expect(entries).toEqual([{ ref: `meeting:1:${before.find((m) => m.authorId === staying)?.id}`, title: 'blijft' }]);
  });

  it('keeps their vote without their name, so a past tally does not change', async () => {
    const before = await tallyStatements(db, [statementId]);

    await deleteUser(db, leaving);

    expect(await tallyStatements(db, [statementId])).toEqual(before);
    // One position per member still holds for those who remain.
    expect(await castVote(db, statementId, staying, 'disagree')).toEqual({ agree: 1, disagree: 1, neutral: 0 });
  });

  it('answers undefined for an account that does not exist, and changes nothing', async () => {
    expect(await deleteUser(db, 9999)).toBeUndefined();
    expect(await countReferences(db, 'messages', 'author_id', leaving)).toBeGreaterThan(0);
  });
});

describe('migration 0012 (votes of removed members)', () => {
  it('keeps the votes cast before it', async () => {
    const database = await openTestDatabase({ migrated: false });
    const db = database.db as Kysely<any>;
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0011_create_attachments')).error).toBeUndefined();
      await db.insertInto('networks').values({ slug: 'ngs', name: 'NGS', created_at: NOW, updated_at: NOW }).execute();
      await db
        .insertInto('users')
        .values({ email: 'a@example.nl', name: 'a', password_hash: 'x', created_at: NOW, updated_at: NOW })
        .execute();
      await sql`INSERT INTO meetings (network_id, title, dates, first_date, format, status, created_at, updated_at)
        VALUES (1, 'Netwerkdag', '[]', '2025-10-09', 'online', 'preparation', ${NOW}, ${NOW})`.execute(db);
      await sql`INSERT INTO statements (meeting_id, text, order_key, created_at, updated_at)
        VALUES (1, 'Stelling', 'a0', ${NOW}, ${NOW})`.execute(db);
      await sql`INSERT INTO votes (statement_id, user_id, position, updated_at) VALUES (1, 1, 'agree', ${NOW})`.execute(
        db,
      );

      expect((await migrator.migrateToLatest()).error).toBeUndefined();

      expect(await db.selectFrom('votes').selectAll().execute()).toEqual([
        { statement_id: 1, user_id: 1, position: 'agree', updated_at: NOW },
      ]);
    } finally {
      await database.close();
    }
  });
});

/** Makes the leaving member appear in every column that can refer to a user, beside a member who stays. */
async function arrangeEverythingOf(db: Db, leaving: number, staying: number): Promise<void> {
  const at = { created_at: NOW };
  const network = await db
    .insertInto('networks')
    .values({ slug: 'ngs', name: 'NGS', ...at, updated_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  const networkId = network.id;
  for (const userId of [leaving, staying]) {
    await db
      .insertInto('memberships')
      .values({ network_id: networkId, user_id: userId, role: 'deelnemer', ...at, updated_at: NOW })
      .execute();
    await db
      .insertInto('sessions')
      .values({ id_hash: `sessie-${userId}`, user_id: userId, ...at, last_seen_at: NOW, expires_at: NOW + 1000 })
      .execute();
  }
  await db
    .insertInto('api_tokens')
    .values({ user_id: leaving, name: 'script', token_hash: 'tok', prefix: 'kb_', ...at, expires_at: NOW + 1000 })
    .execute();
  await db
    .insertInto('password_resets')
    .values([
      { user_id: leaving, token_hash: 'reset-1', created_by: staying, ...at, expires_at: NOW + 1000 },
      { user_id: staying, token_hash: 'reset-2', created_by: leaving, ...at, expires_at: NOW + 1000 },
    ])
    .execute();
  await db
    .insertInto('invitations')
    .values([
      // Sent by them to someone else: stays, without its sender.
      {
        network_id: networkId,
        email: 'nieuw@example.nl',
        role: 'deelnemer',
        token_hash: 'inv-1',
        invited_by: leaving,
        ...at,
        expires_at: NOW,
        accepted_at: null,
        accepted_by: null,
      },
      // Sent to their address and accepted by them: theirs, it goes.
      {
        network_id: networkId,
        email: 'vertrekt@example.nl',
        role: 'deelnemer',
        token_hash: 'inv-2',
        invited_by: staying,
        ...at,
        expires_at: NOW,
        accepted_at: NOW,
        accepted_by: leaving,
      },
    ])
    .execute();
  const meeting = await db
    .insertInto('meetings')
    .values({
      network_id: networkId,
      title: 'Netwerkdag',
      dates: '["2025-10-09"]',
      first_date: '2025-10-09',
      format: 'online',
      status: 'reporting',
      created_by: leaving,
      ...at,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const meetingId = meeting.id;
  const theme = await db
    .insertInto('themes')
    .values({ meeting_id: meetingId, title: 'Carbid', proposer_id: leaving, ...at, updated_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('theme_supports')
    .values({ meeting_id: meetingId, user_id: leaving, theme_id: theme.id })
    .execute();
  const statement = await db
    .insertInto('statements')
    .values({
      meeting_id: meetingId,
      session_id: null,
      text: 'Stelling',
      order_key: 'a0',
      voting_open: 1,
      ...at,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('votes')
    .values([
      { statement_id: statement.id, user_id: leaving, position: 'agree', updated_at: NOW },
      { statement_id: statement.id, user_id: staying, position: 'agree', updated_at: NOW },
    ])
    .execute();
  await db
    .insertInto('session_choices')
    .values({ meeting_id: meetingId, user_id: leaving, session_id: 's1', updated_at: NOW })
    .execute();

  const thread = await ensureThread(db, { networkId, meetingId, subject: { kind: 'meeting', id: String(meetingId) } });
  const first = await addMessage(db, {
    threadId: thread.id,
    authorId: leaving,
    body: 'Wie heeft ervaring met carbid?',
    mentions: [staying],
  });
  const reply = await addMessage(db, {
    threadId: thread.id,
    authorId: staying,
    body: 'Wij, vraag maar.',
    mentions: [leaving, staying],
  });
  const removed = await addMessage(db, { threadId: thread.id, authorId: leaving, body: 'Dubbel', mentions: [] });
  await db.updateTable('messages').set({ deleted_at: NOW, deleted_by: leaving }).where('id', '=', removed.id).execute();
  // As the server indexes a message: under its author's name.
  for (const message of [first, reply]) {
    await db
      .insertInto('search_entries')
      .values({
        network_id: networkId,
        meeting_id: meetingId,
        kind: 'message',
        ref: `meeting:${meetingId}:${message.id}`,
        title: message.authorName ?? '',
        body: message.body ?? '',
        updated_at: NOW,
      })
      .execute();
  }

  await db
    .insertInto('reports')
    .values({
      meeting_id: meetingId,
      finalised_at: NOW,
      finalised_by: leaving,
      reopened_at: NOW,
      reopened_by: leaving,
      published_at: NOW,
      published_by: leaving,
      updated_at: NOW,
    })
    .execute();
  await db
    .insertInto('report_versions')
    .values({ meeting_id: meetingId, name: 'Definitief', state: new Uint8Array([0, 0]), created_by: leaving, ...at })
    .execute();
  await db
    .insertInto('report_comments')
    .values({
      meeting_id: meetingId,
      anchor_start: 'a',
      anchor_end: 'b',
      quote: 'carbid',
      created_by: leaving,
      ...at,
      resolved_at: NOW,
      resolved_by: leaving,
    })
    .execute();
  await db
    .insertInto('report_suggestions')
    .values({
      meeting_id: meetingId,
      anchor_start: 'a',
      anchor_end: 'b',
      quote: 'carbid',
      replacement: 'vuurwerk',
      status: 'accepted',
      author_id: leaving,
      ...at,
      decided_at: NOW,
      decided_by: leaving,
    })
    .execute();
  await db
    .insertInto('afspraken')
    .values({
      network_id: networkId,
      meeting_id: meetingId,
      anchor_start: 'a',
      anchor_end: 'b',
      quote: 'carbid',
      description: 'Uitzoeken',
      owner_user_id: leaving,
      created_by: leaving,
      ...at,
      updated_at: NOW,
      done_at: NOW,
      done_by: leaving,
    })
    .execute();
  const example = await db
    .insertInto('examples')
    .values({
      network_id: networkId,
      title: 'Carbidschieten in goede banen',
      status: 'proven',
      contact_user_id: leaving,
      created_by: leaving,
      ...at,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('example_marks')
    .values({ example_id: example.id, user_id: leaving, ...at })
    .execute();
  await db
    .insertInto('attachments')
    .values({
      network_id: networkId,
      target_kind: 'example',
      target_id: example.id,
      name: 'plan.pdf',
      content_type: 'application/pdf',
      size: 1,
      storage_key: 'k1',
      created_by: leaving,
      ...at,
    })
    .execute();

  await db
    .insertInto('audit_events')
    .values([
      {
        network_id: networkId,
        actor_id: leaving,
        event: 'login.failed',
        subject: 'vertrekt@example.nl',
        detail: '{}',
        ip: '127.0.0.1',
        ...at,
      },
      {
        network_id: networkId,
        actor_id: staying,
        event: 'message.moderated',
        subject: 'message:1',
        detail: JSON.stringify({ authorId: leaving, threadId: thread.id }),
        ip: null,
        ...at,
      },
    ])
    .execute();
  // What they were told, how they want it mailed, and which digests they had: theirs alone.
  await db
    .insertInto('notifications')
    .values({ user_id: leaving, network_id: networkId, kind: 'mention', link: '/', dedupe_key: 'm:1', ...at })
    .execute();
  await db
    .insertInto('user_notification_preferences')
    .values({ user_id: leaving, kind: 'mention', delivery: 'off' })
    .execute();
  await db.insertInto('notification_digests').values({ user_id: leaving, day: '2026-10-08', sent_at: NOW }).execute();
  // The day code they turned on stays the meeting's.
  await db
    .insertInto('day_codes')
    .values({
      meeting_id: meetingId,
      code_hash: 'h',
      code: 'ABCDEFGH',
      enabled: 1,
      created_by: leaving,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  // A barrier they reported, and one they handled: the reports stay for the secretariaat, without them.
  await db
    .insertInto('barrier_reports')
    .values([
      {
        page: '/account',
        description: 'De knop is te klein.',
        email: null,
        user_id: leaving,
        status: 'open',
        ...at,
        handled_at: null,
        handled_by: null,
      },
      {
        page: '/',
        description: 'Geen focus zichtbaar.',
        email: null,
        user_id: staying,
        status: 'handled',
        ...at,
        handled_at: NOW,
        handled_by: leaving,
      },
    ])
    .execute();
}

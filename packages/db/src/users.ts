import { sql } from 'kysely';
import { type Db, inTransaction } from './connection.ts';
import { jsonArrayHolds, jsonKeyIs, jsonWithNull } from './dialect-sql.ts';
import { voidPasswordResets } from './password-resets.ts';
import type { UserRow } from './schema.ts';

/** A user as other people see them: no password hash. */
export type PublicUser = Omit<UserRow, 'password_hash'>;

const publicColumns = ['id', 'email', 'name', 'organisation_id', 'locale', 'created_at', 'updated_at'] as const;

/** How many accounts exist; zero means the first-run set-up is still to be done. */
export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Creates an account; undefined when the e-mail address is taken. */
export async function createUser(
  db: Db,
  user: { email: string; name: string; organisationId: number | null; passwordHash: string },
  now = Date.now(),
): Promise<PublicUser | undefined> {
  return db
    .insertInto('users')
    .values({
      email: user.email,
      name: user.name,
      organisation_id: user.organisationId,
      password_hash: user.passwordHash,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(publicColumns)
    .executeTakeFirst();
}

/** Finds an account with its password hash, for signing in. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Finds an account with its password hash, for changing the password. */
export async function findUserWithPassword(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Finds an account by id. */
export async function findUser(db: Db, id: number): Promise<PublicUser | undefined> {
  return db.selectFrom('users').select(publicColumns).where('id', '=', id).executeTakeFirst();
}

/** Updates name and organisation. */
export async function updateProfile(
  db: Db,
  id: number,
  profile: { name: string; organisationId: number | null },
  now = Date.now(),
): Promise<PublicUser | undefined> {
  return db
    .updateTable('users')
    .set({ name: profile.name, organisation_id: profile.organisationId, updated_at: now })
    .where('id', '=', id)
    .returning(publicColumns)
    .executeTakeFirst();
}

/**
 * Sets a new password hash and voids every open reset link of the account, in one transaction: a link handed out
 * for the old password must not undo the new one.
 */
export async function setPasswordHash(db: Db, id: number, passwordHash: string, now = Date.now()): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', id).execute();
    await voidPasswordResets(trx, id, now);
  });
}

/** What removing an account leaves for the caller to do outside SQL. */
export interface DeletedUser {
  id: number;
  email: string;
  /** The messages they wrote, now by a former member: their search entries (under their name) are gone. */
  messageIds: number[];
}

/** Keys of an audit event's detail that hold a user id. */
const AUDIT_DETAIL_USER_KEYS = ['authorId', 'ownerUserId'] as const;

/**
 * Removes a person from Klankbord (AVG), in one transaction. What was only theirs goes: the account, its
 * sessions, API tokens, password resets, memberships, read markers, theme supports, session choices, marks on
 * voorbeelden, and the invitations sent to their address. What they wrote or did with others stays, with the
 * reference to them set to NULL (shown as a former member): messages, verslag comments, voorbeelden, afspraken,
 * themes, versions, attachments, invitations they sent, audit events (whose subject or detail named them lose that
 * too) and votes, so that a past tally does not change. Undefined when there is no such account.
 */
export async function deleteUser(db: Db, userId: number): Promise<DeletedUser | undefined> {
  return inTransaction(db, async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'email']).where('id', '=', userId).executeTakeFirst();
    if (!user) return undefined;
    const messages = await trx.selectFrom('messages').select('id').where('author_id', '=', userId).execute();
    // A message is indexed under its author's name; the caller indexes these again without it.
    await sql`DELETE FROM search_entries WHERE kind = 'message' AND ref IN (
      SELECT t.subject_kind || ':' || t.subject_id || ':' || m.id
      FROM messages m JOIN threads t ON t.id = m.thread_id WHERE m.author_id = ${userId})`.execute(trx);
    // What refers to them outside a foreign key: mentions (a JSON array of user ids), their address, audit details.
    const mentioning = await trx
      .selectFrom('messages')
      .select(['id', 'mentions'])
      .where(jsonArrayHolds(trx, sql.ref('messages.mentions'), userId))
      .execute();
    for (const message of mentioning) {
      const mentions = (JSON.parse(message.mentions) as number[]).filter((id) => id !== userId);
      await trx
        .updateTable('messages')
        .set({ mentions: JSON.stringify(mentions) })
        .where('id', '=', message.id)
        .execute();
    }
    await trx.deleteFrom('invitations').where('email', '=', user.email).execute();
    // A barrier report they sent signed out, with their address for an answer (the signed-in ones lose user_id).
    await trx.updateTable('barrier_reports').set({ email: null }).where('email', '=', user.email).execute();
    await trx.updateTable('audit_events').set({ subject: null }).where('subject', '=', user.email).execute();
    for (const key of AUDIT_DETAIL_USER_KEYS) {
      const detail = sql.ref('detail');
      await trx
        .updateTable('audit_events')
        .set({ detail: jsonWithNull(trx, detail, key) })
        .where(jsonKeyIs(trx, detail, key, userId))
        .execute();
    }
    // Every foreign key to users says what becomes of its rows: ON DELETE CASCADE for what was only theirs,
    // SET NULL for what stays (users.test.ts lists them all). The schema is the one place that decides.
    await trx.deleteFrom('users').where('id', '=', userId).execute();
    return { id: user.id, email: user.email, messageIds: messages.map((m) => m.id) };
  });
}

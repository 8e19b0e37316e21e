import type { Db } from './connection.ts';
import type { SessionRow } from './schema.ts';

/** Stores a new session under the hash of its cookie value. */
export async function createSession(
  db: Db,
  session: { idHash: string; userId: number; expiresAt: number },
  now = Date.now(),
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      created_at: now,
      last_seen_at: now,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** Finds a session that has not expired. */
export async function findSession(db: Db, idHash: string, now = Date.now()): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Extends a session that is in use. */
export async function touchSession(db: Db, idHash: string, expiresAt: number, now = Date.now()): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute();
}

/** Ends one session (sign-out). */
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a user, except optionally the current one (after a password change). */
export async function deleteUserSessions(db: Db, userId: number, exceptIdHash?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptIdHash) query = query.where('id_hash', '!=', exceptIdHash);
  await query.execute();
}

/** Removes expired sessions. */
export async function deleteExpiredSessions(db: Db, now = Date.now()): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

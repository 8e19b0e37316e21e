import type { Db } from './connection.ts';
import type { PasswordResetRow } from './schema.ts';

/** Stores a password reset under the hash of the token in its link. */
export async function createPasswordReset(
  db: Db,
  reset: { userId: number; tokenHash: string; createdBy: number; expiresAt: number },
  now = Date.now(),
): Promise<void> {
  await db
    .insertInto('password_resets')
    .values({
      user_id: reset.userId,
      token_hash: reset.tokenHash,
      created_by: reset.createdBy,
      created_at: now,
      expires_at: reset.expiresAt,
    })
    .execute();
}

/** Finds a reset that is unused and has not expired. */
export async function findOpenPasswordReset(
  db: Db,
  tokenHash: string,
  now = Date.now(),
): Promise<PasswordResetRow | undefined> {
  return db
    .selectFrom('password_resets')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Marks a reset used, only once; false when it was used meanwhile. */
export async function usePasswordReset(db: Db, id: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

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

/**
 * Uses a reset: marks it and every other open reset of the same account used, in one statement, so that an older
 * link cannot undo the password a newer one set (nor a newer one the older's). False when it was used (or voided
 * by another link of the same account) meanwhile, so two links used at once still set one password.
 */
export async function usePasswordReset(db: Db, id: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('used_at', 'is', null)
    .where('user_id', '=', (eb) =>
      eb
        .selectFrom('password_resets as own')
        .select('own.user_id')
        .where('own.id', '=', id)
        .where('own.used_at', 'is', null),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Voids every open reset of an account (its password was set another way), so none of their links works. */
export async function voidPasswordResets(db: Db, userId: number, now = Date.now()): Promise<void> {
  await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

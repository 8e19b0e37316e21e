import type { Db } from './connection.ts';
import type { ApiTokenRow } from './schema.ts';

/** A token as its owner sees it in the list: never the hash. */
export type ApiTokenSummary = Omit<ApiTokenRow, 'token_hash'>;

const summaryColumns = [
  'id',
  'user_id',
  'name',
  'prefix',
  'created_at',
  'expires_at',
  'last_used_at',
  'revoked_at',
] as const;

/** Stores a new token under its hash. */
export async function createApiToken(
  db: Db,
  token: { userId: number; name: string; tokenHash: string; prefix: string; expiresAt: number },
  now = Date.now(),
): Promise<ApiTokenSummary> {
  return db
    .insertInto('api_tokens')
    .values({
      user_id: token.userId,
      name: token.name,
      token_hash: token.tokenHash,
      prefix: token.prefix,
      created_at: now,
      expires_at: token.expiresAt,
    })
    .returning(summaryColumns)
    .executeTakeFirstOrThrow();
}

/** Finds a token that is neither revoked nor expired. */
export async function findActiveApiToken(
  db: Db,
  tokenHash: string,
  now = Date.now(),
): Promise<ApiTokenRow | undefined> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Records that a token was used. */
export async function touchApiToken(db: Db, id: number, now = Date.now()): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** A user's tokens, newest first. */
export async function listApiTokens(db: Db, userId: number): Promise<ApiTokenSummary[]> {
  return db
    .selectFrom('api_tokens')
    .select(summaryColumns)
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes one of a user's tokens; false when there was no such active token. */
export async function revokeApiToken(db: Db, userId: number, id: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

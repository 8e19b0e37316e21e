import { type Db, findActiveApiToken, findSession, findUser, touchApiToken, touchSession } from '@klankbord/db';
import type { Principal } from '../env.ts';
import { hashSecret } from './secrets.ts';

export const SESSION_COOKIE = 'klankbord_session';
const DAY_MS = 24 * 60 * 60 * 1000;
// Extending a session on every request would write on every request; once an hour is enough.
const TOUCH_AFTER_MS = 60 * 60 * 1000;

/** Finds the user behind a session cookie value, sliding its expiry forward. */
export async function principalFromSession(db: Db, cookie: string, sessionDays: number): Promise<Principal | null> {
  const sessionHash = hashSecret(cookie);
  const session = await findSession(db, sessionHash);
  if (!session) return null;
  const user = await findUser(db, session.user_id);
  if (!user) return null;
  const now = Date.now();
  if (now - session.last_seen_at > TOUCH_AFTER_MS) {
    await touchSession(db, sessionHash, now + sessionDays * DAY_MS, now);
  }
  return { user, via: 'session', credential: `session:${sessionHash}`, sessionHash, expiresAt: null };
}

/** Finds the user behind a personal API token. */
export async function principalFromToken(db: Db, token: string): Promise<Principal | null> {
  const row = await findActiveApiToken(db, hashSecret(token));
  if (!row) return null;
  const user = await findUser(db, row.user_id);
  if (!user) return null;
  await touchApiToken(db, row.id);
  return { user, via: 'token', credential: `token:${row.id}`, sessionHash: null, expiresAt: row.expires_at };
}

/** The session's expiry time for a session starting now. */
export function sessionExpiry(sessionDays: number, now = Date.now()): number {
  return now + sessionDays * DAY_MS;
}

import { createSession } from '@klankbord/db';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Deps } from '../env.ts';
import { SESSION_COOKIE, sessionExpiry } from './principal.ts';
import { newSecret } from './secrets.ts';

/** Whether cookies must be Secure: when Klankbord is reached over https. */
function secure(c: Context, deps: Pick<Deps, 'config'>): boolean {
  return (deps.config.publicUrl ?? new URL(c.req.url).origin).startsWith('https:');
}

/** Starts a session for a user and sets its cookie: httpOnly, SameSite=Lax, Secure over https. */
export async function startSession(c: Context, deps: Pick<Deps, 'db' | 'config'>, userId: number): Promise<void> {
  const secret = newSecret();
  const expiresAt = sessionExpiry(deps.config.sessionDays);
  await createSession(deps.db, { idHash: secret.hash, userId, expiresAt });
  setCookie(c, SESSION_COOKIE, secret.value, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: secure(c, deps),
    path: '/',
    maxAge: deps.config.sessionDays * 24 * 60 * 60,
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(c: Context, deps: Pick<Deps, 'config'>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c, deps) });
}

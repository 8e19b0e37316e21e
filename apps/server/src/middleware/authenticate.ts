import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { principalFromSession, principalFromToken, SESSION_COOKIE } from '../auth/principal.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';

/**
 * Sets `principal` from an `Authorization: Bearer` API token, else from the session cookie, else null.
 * A token that is given but invalid is an error rather than anonymous: a script should learn it at once.
 */
export function authenticate(deps: Pick<Deps, 'db' | 'config'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const authorization = c.req.header('authorization');
    if (authorization) {
      const [scheme, token] = authorization.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) fail(401, 'unauthorised');
      const principal = await principalFromToken(deps.db, token);
      if (!principal) fail(401, 'unauthorised');
      c.set('principal', principal);
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      c.set('principal', cookie ? await principalFromSession(deps.db, cookie, deps.config.sessionDays) : null);
    }
    await next();
  };
}

/** Refuses a request without a signed-in user (401). */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('principal')) fail(401, 'unauthorised');
  await next();
};

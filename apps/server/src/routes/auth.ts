import { deleteSession, findUserByEmail, listNetworksOfUser } from '@klankbord/db';
import { loginInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { revoke } from '../access/revoke.ts';
import { audit } from '../audit.ts';
import { passwordTurnedOffBy } from '../auth/oidc-password.ts';
import { decoyHash, verifyPassword } from '../auth/passwords.ts';
import { clearSessionCookie, startSession } from '../auth/session-cookie.ts';
import { clientAddress } from '../client-address.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail, UserError } from '../errors.ts';
import { userJson } from '../json.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { rateLimiter } from '../middleware/rate-limit.ts';
import { valid } from '../validate.ts';

const WINDOW_MS = 15 * 60 * 1000;

/** Sign-in, sign-out and who am I (/me for scripts, /session for the web app). Sign-ins are rate limited per address and per e-mail; a success does not count. */
export function authRoutes(deps: Deps) {
  const perAddress = rateLimiter(deps, 'login.address', 30, WINDOW_MS);
  const perEmail = rateLimiter(deps, 'login.email', 5, WINDOW_MS);

  return (
    new Hono<AppEnv>()
      .post('/login', valid('json', loginInput), async (c) => {
        const { email, password } = c.req.valid('json');
        const address = clientAddress(c, deps.config.trustProxy);
        // Counted now, before the slow check: concurrent guesses each see the ones before them and are refused
        // once the limit is reached, instead of all passing while the first are still hashing. A guess refused
        // for its address takes back what it counted for the e-mail.
        let wait = await perEmail.take(email);
        if (wait === 0) {
          wait = await perAddress.take(address);
          if (wait > 0) await perEmail.giveBack(email);
        }
        if (wait > 0) throw new UserError(429, 'login.rateLimited', undefined, { 'retry-after': String(wait) });
        const user = await findUserByEmail(deps.db, email);
        // An unknown e-mail costs the same scrypt as a wrong password, so timing does not tell them apart.
        const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
        if (!user || !ok) {
          // A failure on a member's address shows in each of their networks; one on an unknown address in all.
          const networks = user ? await listNetworksOfUser(deps.db, user.id) : [];
          for (const networkId of networks.length > 0 ? networks.map((n) => n.id) : [null]) {
            await audit(deps, c, { networkId, event: 'login.failed', subject: email });
          }
          fail(401, 'login.failed');
        }
        // Checked only once the password is right, so it tells a guesser nothing about the account.
        if (await passwordTurnedOffBy(deps.db, user)) fail(403, 'login.passwordOff');
        await perEmail.reset(email);
        await perAddress.giveBack(address);
        await startSession(c, deps, user.id);
        return c.json({ user: userJson(user) });
      })
      .post('/logout', async (c) => {
        const principal = c.get('principal');
        if (principal?.sessionHash) {
          await deleteSession(deps.db, principal.sessionHash);
          revoke(deps, { credential: principal.credential }, 'end', 'signed out');
        }
        clearSessionCookie(c, deps);
        return c.body(null, 204);
      })
      .get('/me', requireUser, async (c) => c.json(await whoIs(deps, c.get('principal')!.user)))
      // The web app asks this on every page, signed in or not: nobody signed in is an answer, not an error,
      // so a visitor's console stays clean. Scripts that need a user keep using /me, which refuses with 401.
      .get('/session', async (c) => {
        const principal = c.get('principal');
        if (!principal) return c.json({ user: null, networks: [] });
        return c.json(await whoIs(deps, principal.user));
      })
  );
}

/** The signed-in user and the networks they belong to, with their role in each. */
async function whoIs(deps: Deps, user: Parameters<typeof userJson>[0]) {
  const networks = await listNetworksOfUser(deps.db, user.id);
  return {
    user: userJson(user),
    networks: networks.map((n) => ({ slug: n.slug, name: n.name, role: n.role })),
  };
}

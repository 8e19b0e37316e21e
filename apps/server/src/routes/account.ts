import {
  deleteUserSessions,
  findOrganisation,
  findUserWithPassword,
  setPasswordHash,
  updateProfile,
} from '@klankbord/db';
import { changePasswordInput, deleteAccountInput, profileInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { authorise } from '../access/authorise.ts';
import { revoke } from '../access/revoke.ts';
import { removePerson } from '../account-removal.ts';
import { audit } from '../audit.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { clearSessionCookie } from '../auth/session-cookie.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail, UserError } from '../errors.ts';
import { userJson } from '../json.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { rateLimiter } from '../middleware/rate-limit.ts';
import { indexPerson } from '../search-index.ts';
import { valid } from '../validate.ts';

/** The signed-in user's own account: profile and password (its current-password check is rate limited). */
export function accountRoutes(deps: Deps) {
  const perUser = rateLimiter(deps, 'password.user', 5, 15 * 60 * 1000);

  return new Hono<AppEnv>()
    .use(requireUser)
    .patch('/', valid('json', profileInput), async (c) => {
      const input = c.req.valid('json');
      if (input.organisationId !== null && !(await findOrganisation(deps.db, input.organisationId))) {
        fail(400, 'invalid_input', { organisationId: 'organisation.invalid' });
      }
      const user = await updateProfile(deps.db, c.get('principal')!.user.id, input);
      if (!user) fail(404, 'not_found');
      // Found by their new name and organisation in every network they belong to.
      await indexPerson(deps.db, user.id);
      return c.json({ user: userJson(user) });
    })
    .post('/password', valid('json', changePasswordInput), async (c) => {
      const principal = c.get('principal')!;
      const { currentPassword, newPassword } = c.req.valid('json');
      // Limited per account, and counted before the check like a sign-in: whoever holds a session or an API
      // token must not be able to guess the password through this form.
      const key = String(principal.user.id);
      const wait = await perUser.take(key);
      if (wait > 0) throw new UserError(429, 'password.rateLimited', undefined, { 'retry-after': String(wait) });
      const stored = await findUserWithPassword(deps.db, principal.user.id);
      if (!stored || !(await verifyPassword(currentPassword, stored.password_hash))) {
        fail(400, 'invalid_input', { currentPassword: 'password.wrong' });
      }
      await perUser.giveBack(key);
      await setPasswordHash(deps.db, stored.id, await hashPassword(newPassword));
      // Every other session of this user ends, and so do their sockets.
      await deleteUserSessions(deps.db, stored.id, principal.sessionHash ?? undefined);
      revoke(
        deps,
        { userId: stored.id, via: 'session', exceptCredential: principal.credential },
        'end',
        'password changed',
      );
      await audit(deps, c, { networkId: null, event: 'password.changed', subject: stored.email });
      return c.body(null, 204);
    })
    .delete('/', valid('json', deleteAccountInput), async (c) => {
      const principal = c.get('principal')!;
      // An API token cannot remove the person behind it; only they can, signed in, with their password.
      if (principal.via === 'token') fail(403, 'forbidden');
      await authorise(deps.db, principal, { type: 'account', userId: principal.user.id }, 'manage');
      const key = String(principal.user.id);
      const wait = await perUser.take(key);
      if (wait > 0) throw new UserError(429, 'password.rateLimited', undefined, { 'retry-after': String(wait) });
      const stored = await findUserWithPassword(deps.db, principal.user.id);
      if (!stored || !(await verifyPassword(c.req.valid('json').currentPassword, stored.password_hash))) {
        fail(400, 'invalid_input', { currentPassword: 'password.wrong' });
      }
      await perUser.giveBack(key);
      await removePerson(deps, c, stored.id);
      clearSessionCookie(c, deps);
      return c.body(null, 204);
    });
}

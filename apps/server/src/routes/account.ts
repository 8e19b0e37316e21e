import { CloseCode } from '@klankbord/collab';
import {
  deleteUserSessions,
  findOrganisation,
  findUserWithPassword,
  setPasswordHash,
  updateProfile,
} from '@klankbord/db';
import { changePasswordInput, profileInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { audit } from '../audit.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { userJson } from '../json.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { valid } from '../validate.ts';

/** The signed-in user's own account: profile and password. */
export function accountRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .patch('/', valid('json', profileInput), async (c) => {
      const input = c.req.valid('json');
      if (input.organisationId !== null && !(await findOrganisation(deps.db, input.organisationId))) {
        fail(400, 'invalid_input', { organisationId: 'organisation.invalid' });
      }
      const user = await updateProfile(deps.db, c.get('principal')!.user.id, input);
      if (!user) fail(404, 'not_found');
      return c.json({ user: userJson(user) });
    })
    .post('/password', valid('json', changePasswordInput), async (c) => {
      const principal = c.get('principal')!;
      const { currentPassword, newPassword } = c.req.valid('json');
      const stored = await findUserWithPassword(deps.db, principal.user.id);
      if (!stored || !(await verifyPassword(currentPassword, stored.password_hash))) {
        fail(400, 'invalid_input', { currentPassword: 'password.wrong' });
      }
      await setPasswordHash(deps.db, stored.id, await hashPassword(newPassword));
      // Every other session of this user ends, and so do their sockets.
      await deleteUserSessions(deps.db, stored.id, principal.sessionHash ?? undefined);
      deps.collab.closeConnections(
        (connection) =>
          connection.clientKey === `user:${stored.id}` &&
          connection.credential?.startsWith('session:') === true &&
          connection.credential !== principal.credential,
        CloseCode.accessRevoked,
        'password changed',
      );
      await audit(deps, c, { networkId: null, event: 'password.changed', subject: stored.email });
      return c.body(null, 204);
    });
}

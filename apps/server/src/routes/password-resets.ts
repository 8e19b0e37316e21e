import { deleteUserSessions, findOpenPasswordReset, findUser, setPasswordHash, usePasswordReset } from '@klankbord/db';
import { resetPasswordInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { revoke } from '../access/revoke.ts';
import { audit } from '../audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { hashSecret } from '../auth/secrets.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { valid } from '../validate.ts';

/** Setting a new password through a link that the secretariat created and handed out. */
export function passwordResetRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/:token', async (c) => {
      const reset = await findOpenPasswordReset(deps.db, hashSecret(c.req.param('token')));
      const user = reset && (await findUser(deps.db, reset.user_id));
      if (!user) fail(404, 'reset.invalid');
      return c.json({ name: user.name, email: user.email });
    })
    .post('/:token', valid('json', resetPasswordInput), async (c) => {
      const reset = await findOpenPasswordReset(deps.db, hashSecret(c.req.param('token')));
      if (!reset) fail(404, 'reset.invalid');
      const passwordHash = await hashPassword(c.req.valid('json').password);
      // Marking it used first means a link used twice at once still sets one password.
      if (!(await usePasswordReset(deps.db, reset.id))) fail(404, 'reset.invalid');
      await setPasswordHash(deps.db, reset.user_id, passwordHash);
      await deleteUserSessions(deps.db, reset.user_id);
      revoke(deps, { userId: reset.user_id, via: 'session' }, 'end', 'password reset');
      const user = await findUser(deps.db, reset.user_id);
      await audit(deps, c, { networkId: null, event: 'password.reset', subject: user?.email ?? String(reset.user_id) });
      return c.body(null, 204);
    });
}

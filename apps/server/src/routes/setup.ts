import { countUsers, createUser, listNetworks, putMember } from '@klankbord/db';
import { setupInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { audit } from '../audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { startSession } from '../auth/session-cookie.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { valid } from '../validate.ts';

/** First run: while no account exists, anyone reaching the server may create the first secretariaat. */
export function setupRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ needed: (await countUsers(deps.db)) === 0 }))
    .post('/', valid('json', setupInput), async (c) => {
      const input = c.req.valid('json');
      if ((await countUsers(deps.db)) > 0) fail(409, 'setup.done');
      const passwordHash = await hashPassword(input.password);
      // Checked again inside the transaction: of two simultaneous set-ups, only one may win.
      const user = await deps.db.transaction().execute(async (trx) => {
        if ((await countUsers(trx)) > 0) return null;
        const created = await createUser(trx, { ...input, passwordHash });
        if (!created) return null;
        for (const network of await listNetworks(trx)) await putMember(trx, network.id, created.id, 'secretariaat');
        return created;
      });
      if (!user) fail(409, 'setup.done');
      await startSession(c, deps, user.id);
      await audit(deps, c, { networkId: null, event: 'setup.completed', subject: user.email, actorId: user.id });
      return c.json({ user }, 201);
    });
}

import { countUsers } from '@klankbord/db';
import { setupInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { createFirstAccount } from '../accounts.ts';
import { audit } from '../audit.ts';
import { startSession } from '../auth/session-cookie.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { userJson } from '../json.ts';
import { valid } from '../validate.ts';

/** First run: while no account exists, anyone reaching the server may create the first secretariaat. */
export function setupRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ needed: (await countUsers(deps.db)) === 0 }))
    .post('/', valid('json', setupInput), async (c) => {
      if ((await countUsers(deps.db)) > 0) fail(409, 'setup.done');
      const user = await createFirstAccount(deps.db, c.req.valid('json'));
      if (!user) fail(409, 'setup.done');
      await startSession(c, deps, user.id);
      await audit(deps, c, { networkId: null, event: 'setup.completed', subject: user.email, actorId: user.id });
      return c.json({ user: userJson(user) }, 201);
    });
}

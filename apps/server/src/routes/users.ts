import { Hono } from 'hono';
import { z } from 'zod';
import { authorise } from '../access/authorise.ts';
import { removePerson } from '../account-removal.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { valid } from '../validate.ts';

const userParam = z.object({ userId: z.coerce.number().int().positive() });

/**
 * /api/users/:userId: acts on a whole person, across networks. Removing someone is for whoever runs every
 * network that person belongs to (the one access decision on the account), never for one network's secretariaat.
 */
export function userRoutes(deps: Deps) {
  return new Hono<AppEnv>().use(requireUser).delete('/:userId', valid('param', userParam), async (c) => {
    const { userId } = c.req.valid('param');
    const grant = await authorise(deps.db, c.get('principal'), { type: 'account', userId }, 'manage');
    // Removing someone cannot be undone: not with a script's token, and one's own account only through
    // DELETE /api/account, which asks for the password (a stolen session or token must not be enough).
    if (grant.principal.via === 'token' || userId === grant.principal.user.id) fail(403, 'forbidden');
    await removePerson(deps, c, userId);
    return c.body(null, 204);
  });
}

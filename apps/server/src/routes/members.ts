import { countMembersWithRole, createPasswordReset, findUser, listMembers, removeMember, setRole } from '@klankbord/db';
import { memberRoleInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorise, authoriseNetwork } from '../access/authorise.ts';
import { roleIn } from '../access/facts.ts';
import { revoke } from '../access/revoke.ts';
import { audit } from '../audit.ts';
import { newSecret } from '../auth/secrets.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { appLink } from '../links.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { indexPerson } from '../search-index.ts';
import { valid } from '../validate.ts';

const HOUR_MS = 60 * 60 * 1000;
const userParam = z.object({ slug: z.string(), userId: z.coerce.number().int().positive() });

/** The members of a network: list, change a role, remove, hand out a password-reset link. */
export function memberRoutes(deps: Deps) {
  /** How the audit log names a member: by e-mail, which outlives their account's id in people's memory. */
  const emailOf = async (userId: number) => (await findUser(deps.db, userId))?.email ?? String(userId);

  /** Refuses a change that would leave the network without a secretariaat. */
  const keepOneSecretariat = async (networkId: number, userId: number) => {
    if ((await roleIn(deps.db, networkId, userId)) !== 'secretariaat') return;
    if ((await countMembersWithRole(deps.db, networkId, 'secretariaat')) <= 1) fail(409, 'role.lastSecretariat');
  };

  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', async (c) => {
      const { network } = await authoriseNetwork(deps.db, c.get('principal'), c.req.param('slug') ?? '', 'member.list');
      return c.json({ members: await listMembers(deps.db, network.id) });
    })
    .patch('/:userId', valid('param', userParam), valid('json', memberRoleInput), async (c) => {
      const { slug, userId } = c.req.valid('param');
      const { role } = c.req.valid('json');
      const { network } = await authoriseNetwork(deps.db, c.get('principal'), slug, 'member.changeRole');
      const before = await roleIn(deps.db, network.id, userId);
      if (!before) fail(404, 'not_found');
      if (role !== 'secretariaat') await keepOneSecretariat(network.id, userId);
      await setRole(deps.db, network.id, userId, role);
      revoke(deps, { userId, network }, 'reauthorise', 'role changed');
      await audit(deps, c, {
        networkId: network.id,
        event: 'member.roleChanged',
        subject: await emailOf(userId),
        detail: { from: before, to: role },
      });
      return c.body(null, 204);
    })
    .delete('/:userId', valid('param', userParam), async (c) => {
      const { slug, userId } = c.req.valid('param');
      const { network } = await authoriseNetwork(deps.db, c.get('principal'), slug, 'member.remove');
      await keepOneSecretariat(network.id, userId);
      const subject = await emailOf(userId);
      if (!(await removeMember(deps.db, network.id, userId))) fail(404, 'not_found');
      await indexPerson(deps.db, userId);
      revoke(deps, { userId, network }, 'end', 'removed from network');
      await audit(deps, c, { networkId: network.id, event: 'member.removed', subject });
      return c.body(null, 204);
    })
    .post('/:userId/password-reset', valid('param', userParam), async (c) => {
      const { slug, userId } = c.req.valid('param');
      const { network, principal } = await authoriseNetwork(deps.db, c.get('principal'), slug, 'member.resetPassword');
      const member = (await roleIn(deps.db, network.id, userId)) ? await findUser(deps.db, userId) : undefined;
      if (!member) fail(404, 'not_found');
      // A new password is an act on the whole account, not on this network: it needs authority over every
      // network the person belongs to, or the secretariaat of one network could take over another's.
      await authorise(deps.db, principal, { type: 'account', userId }, 'manage');
      const secret = newSecret();
      const expiresAt = Date.now() + deps.config.passwordResetHours * HOUR_MS;
      await createPasswordReset(deps.db, { userId, tokenHash: secret.hash, createdBy: principal.user.id, expiresAt });
      await audit(deps, c, { networkId: network.id, event: 'password.resetCreated', subject: member.email });
      return c.json({ link: appLink(c, deps, `/reset-password/${secret.value}`), expiresAt });
    });
}

import { createInvitation, type InvitationRow, listOpenInvitations, revokeInvitation } from '@klankbord/db';
import { invitationInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authoriseNetwork } from '../access/authorise.ts';
import { audit } from '../audit.ts';
import { newSecret } from '../auth/secrets.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { appLink } from '../links.ts';
import { roleLabel } from '../mail.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { valid } from '../validate.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const idParam = z.object({ slug: z.string(), id: z.coerce.number().int().positive() });

function invitationJson(row: InvitationRow) {
  return { id: row.id, email: row.email, role: row.role, createdAt: row.created_at, expiresAt: row.expires_at };
}

/** A network's invitations: the secretariat creates a link to hand out, lists and revokes open ones. */
export function networkInvitationRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', async (c) => {
      const { network } = await authoriseNetwork(
        deps.db,
        c.get('principal'),
        c.req.param('slug') ?? '',
        'member.invite',
      );
      const invitations = await listOpenInvitations(deps.db, network.id);
      return c.json({ invitations: invitations.map(invitationJson) });
    })
    .post('/', valid('json', invitationInput), async (c) => {
      const { network, principal } = await authoriseNetwork(
        deps.db,
        c.get('principal'),
        c.req.param('slug') ?? '',
        'member.invite',
      );
      const { email, role } = c.req.valid('json');
      const secret = newSecret();
      const invitation = await createInvitation(deps.db, {
        networkId: network.id,
        email,
        role,
        tokenHash: secret.hash,
        invitedBy: principal.user.id,
        expiresAt: Date.now() + deps.config.invitationDays * DAY_MS,
      });
      await audit(deps, c, { networkId: network.id, event: 'invitation.created', subject: email, detail: { role } });
      const link = appLink(c, deps, `/invite/${secret.value}`);
      // The link is always returned: without a mail server (or when it fails) the secretariat hands it out.
      const mailed = await deps.mailer.sendInvitation({
        to: email,
        networkName: network.name,
        roleLabel: roleLabel(role),
        inviterName: principal.user.name,
        link,
      });
      return c.json({ invitation: invitationJson(invitation), link, mailed }, 201);
    })
    .delete('/:id', valid('param', idParam), async (c) => {
      const { slug, id } = c.req.valid('param');
      const { network } = await authoriseNetwork(deps.db, c.get('principal'), slug, 'member.invite');
      if (!(await revokeInvitation(deps.db, network.id, id))) fail(404, 'not_found');
      await audit(deps, c, { networkId: network.id, event: 'invitation.revoked', subject: String(id) });
      return c.body(null, 204);
    });
}

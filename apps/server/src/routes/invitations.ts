import {
  acceptInvitation,
  createUser,
  findInvitation,
  findNetworkById,
  findOrganisation,
  findUserByEmail,
  type InvitationRow,
  putMember,
} from '@klankbord/db';
import { acceptInvitationInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { audit } from '../audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { hashSecret } from '../auth/secrets.ts';
import { startSession } from '../auth/session-cookie.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { indexPerson } from '../search-index.ts';
import { valid } from '../validate.ts';

/** Why an invitation cannot be used, or null when it can. */
function unusable(invitation: InvitationRow | undefined, now = Date.now()): [404 | 410, string] | null {
  if (!invitation || invitation.revoked_at !== null) return [404, 'invitation.invalid'];
  if (invitation.accepted_at !== null) return [410, 'invitation.used'];
  if (invitation.expires_at <= now) return [410, 'invitation.expired'];
  return null;
}

/** Thrown inside the accept transaction to roll back an account created for an invitation someone else used. */
class AlreadyUsed extends Error {}

/** Opening and accepting an invitation link: with a new account, or as the signed-in invitee. */
export function invitationRoutes(deps: Deps) {
  const open = async (token: string): Promise<InvitationRow> => {
    const invitation = await findInvitation(deps.db, hashSecret(token));
    const problem = unusable(invitation);
    if (problem) fail(...problem);
    return invitation as InvitationRow;
  };

  return new Hono<AppEnv>()
    .get('/:token', async (c) => {
      const invitation = await open(c.req.param('token'));
      const network = await findNetworkById(deps.db, invitation.network_id);
      if (!network) fail(404, 'invitation.invalid');
      const accountExists = (await findUserByEmail(deps.db, invitation.email)) !== undefined;
      return c.json({
        network: { slug: network.slug, name: network.name },
        email: invitation.email,
        role: invitation.role,
        accountExists,
      });
    })
    .post('/:token/accept', valid('json', acceptInvitationInput.partial()), async (c) => {
      const invitation = await open(c.req.param('token'));
      const principal = c.get('principal');
      let newAccount: { name: string; organisationId: number | null; passwordHash: string } | null = null;
      if (principal) {
        // Signed in: only the invited address may accept, so a forwarded link does not let someone else in.
        if (principal.user.email !== invitation.email) fail(403, 'invitation.otherAccount');
      } else {
        const parsed = acceptInvitationInput.safeParse(c.req.valid('json'));
        if (!parsed.success) {
          fail(400, 'invalid_input', Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])));
        }
        const { name, organisationId, password } = parsed.data;
        if (organisationId !== null && !(await findOrganisation(deps.db, organisationId))) {
          fail(400, 'invalid_input', { organisationId: 'organisation.invalid' });
        }
        newAccount = { name, organisationId, passwordHash: await hashPassword(password) };
      }
      // One transaction: an account is only created if the invitation is still open when it is accepted.
      let userId: number;
      try {
        userId = await deps.db.transaction().execute(async (trx) => {
          let id = principal?.user.id;
          if (newAccount) {
            const created = await createUser(trx, { email: invitation.email, ...newAccount });
            if (!created) fail(409, 'email.taken');
            id = created.id;
          }
          if (id === undefined || !(await acceptInvitation(trx, invitation.id, id))) throw new AlreadyUsed();
          await putMember(trx, invitation.network_id, id, invitation.role);
          return id;
        });
      } catch (error) {
        if (error instanceof AlreadyUsed) fail(410, 'invitation.used');
        throw error;
      }
      await indexPerson(deps.db, userId);
      if (!principal) await startSession(c, deps, userId);
      await audit(deps, c, {
        networkId: invitation.network_id,
        event: 'invitation.accepted',
        subject: invitation.email,
        detail: { role: invitation.role },
        actorId: userId,
      });
      const network = await findNetworkById(deps.db, invitation.network_id);
      return c.json({ network: { slug: network?.slug ?? '' } });
    });
}

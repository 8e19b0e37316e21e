/**
 * Which account a verified identity from an organisation's provider signs in as. The link is the e-mail
 * address, so it holds only when the provider says it verified that address and the address is in a domain the
 * provider was configured to vouch for: a provider of Utrecht cannot sign anyone in as someone of Tilburg.
 */
import { randomBytes } from 'node:crypto';
import {
  acceptInvitation,
  createUser,
  type Db,
  emailDomain,
  findUserByEmail,
  type IdentityProvider,
  type InvitationRow,
  listOpenInvitationsForEmail,
  putMember,
} from '@klankbord/db';
import { email as emailInput, personName } from '@klankbord/domain';
import type { VerifiedIdentity } from './oidc.ts';
import { hashPassword } from './passwords.ts';

/** Why a verified identity signs nobody in; each is a message key the login page shows. */
export type OidcRefusal = 'oidc.emailNotVerified' | 'oidc.otherDomain' | 'oidc.noAccount';

/** What a sign-in through a provider comes to: an account (new when invitations made it), or a refusal. */
export type OidcLink =
  | { userId: number; email: string; accepted: InvitationRow[] }
  | { refused: OidcRefusal; email: string | null };

/** One person can hold an invitation to each network; more than this is no real person's case. */
const MAX_INVITATIONS = 50;

/**
 * The account the identity signs in as. An unknown address gets an account only when it has an open invitation
 * (the provider's verification of the address stands in for the link in the invitation's mail), and every open
 * invitation of it is accepted; without one, it is refused: a provider does not make members.
 */
export async function linkAccount(db: Db, provider: IdentityProvider, identity: VerifiedIdentity): Promise<OidcLink> {
  const parsed = emailInput.safeParse(identity.email);
  const email = parsed.success ? parsed.data : null;
  if (!email || !identity.emailVerified) return { refused: 'oidc.emailNotVerified', email };
  const domain = emailDomain(email);
  if (!domain || !provider.domains.includes(domain)) return { refused: 'oidc.otherDomain', email };
  const existing = await findUserByEmail(db, email);
  if (existing) return { userId: existing.id, email, accepted: [] };
  const invitations = await listOpenInvitationsForEmail(db, email, MAX_INVITATIONS);
  if (invitations.length === 0) return { refused: 'oidc.noAccount', email };
  const name = personName.safeParse(identity.name ?? '');
  // Nobody knows this password: the account signs in through its provider, or after a reset link.
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  return db.transaction().execute(async (trx) => {
    const user =
      (await createUser(trx, {
        email,
        name: name.success ? name.data : (email.split('@')[0] ?? email),
        organisationId: provider.organisation_id,
        passwordHash,
      })) ?? (await findUserByEmail(trx, email));
    if (!user) throw new Error('account neither created nor found');
    const accepted: InvitationRow[] = [];
    for (const invitation of invitations) {
      // Of two sign-ins racing, each invitation is accepted once.
      if (!(await acceptInvitation(trx, invitation.id, user.id))) continue;
      await putMember(trx, invitation.network_id, user.id, invitation.role);
      accepted.push(invitation);
    }
    return { userId: user.id, email, accepted };
  });
}

import { type Db, findIdentityProvider, findIdentityProviderForEmail, findOrganisation } from '@klankbord/db';

/**
 * The organisation through whose identity provider an account must sign in, because that provider has password
 * sign-in turned off; null when the password may be used. A provider speaks for its organisation's accounts and
 * for every address in its domains, so either one turns the password off.
 */
export async function passwordTurnedOffBy(
  db: Db,
  user: { email: string; organisation_id: number | null },
): Promise<{ organisationId: number; name: string } | null> {
  const providers = [
    await findIdentityProviderForEmail(db, user.email),
    user.organisation_id === null ? undefined : await findIdentityProvider(db, user.organisation_id),
  ];
  const off = providers.find((provider) => provider && provider.password_sign_in === 0);
  if (!off) return null;
  const organisation = await findOrganisation(db, off.organisation_id);
  return { organisationId: off.organisation_id, name: organisation?.name ?? '' };
}

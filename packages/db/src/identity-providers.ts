import { type Db, inTransaction } from './connection.ts';
import type { IdentityProviderRow } from './schema.ts';

/** An identity provider with the e-mail domains it may vouch for. */
export interface IdentityProvider extends IdentityProviderRow {
  domains: string[];
}

/** What the operator configures for an organisation's identity provider. */
export interface IdentityProviderFields {
  issuer: string;
  clientId: string;
  clientSecret: string;
  domains: readonly string[];
}

/** A provider as anyone may see it: which organisation, never its secret. */
export interface IdentityProviderChoice {
  organisationId: number;
  name: string;
  shortName: string | null;
}

async function withDomains(db: Db, row: IdentityProviderRow | undefined): Promise<IdentityProvider | undefined> {
  if (!row) return undefined;
  const domains = await db
    .selectFrom('identity_provider_domains')
    .select('domain')
    .where('organisation_id', '=', row.organisation_id)
    .orderBy('domain')
    .execute();
  return { ...row, domains: domains.map((d) => d.domain) };
}

/** The identity provider of an organisation, if it has one. */
export async function findIdentityProvider(db: Db, organisationId: number): Promise<IdentityProvider | undefined> {
  const row = await db
    .selectFrom('identity_providers')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return withDomains(db, row);
}

/** The identity provider that vouches for an e-mail address's domain, if any. */
export async function findIdentityProviderForEmail(db: Db, email: string): Promise<IdentityProvider | undefined> {
  const domain = emailDomain(email);
  if (!domain) return undefined;
  const row = await db
    .selectFrom('identity_providers')
    .innerJoin(
      'identity_provider_domains',
      'identity_provider_domains.organisation_id',
      'identity_providers.organisation_id',
    )
    .selectAll('identity_providers')
    .where('identity_provider_domains.domain', '=', domain)
    .executeTakeFirst();
  return withDomains(db, row);
}

/** The organisations that sign in through their own provider, by name: what the login page offers. */
export async function listIdentityProviderChoices(db: Db, limit: number): Promise<IdentityProviderChoice[]> {
  return db
    .selectFrom('identity_providers')
    .innerJoin('organisations', 'organisations.id', 'identity_providers.organisation_id')
    .select([
      'organisations.id as organisationId',
      'organisations.name as name',
      'organisations.short_name as shortName',
    ])
    .orderBy('organisations.name')
    .limit(limit)
    .execute();
}

/**
 * Sets an organisation's identity provider and its domains, replacing what it had. 'domainTaken' when another
 * organisation's provider already vouches for one of the domains: one domain, one provider.
 */
export async function putIdentityProvider(
  db: Db,
  organisationId: number,
  fields: IdentityProviderFields,
  now = Date.now(),
): Promise<IdentityProvider | { domainTaken: string }> {
  const domains = [...new Set(fields.domains.map((d) => d.toLowerCase()))];
  return inTransaction(db, async (trx) => {
    const taken =
      domains.length === 0
        ? undefined
        : await trx
            .selectFrom('identity_provider_domains')
            .select('domain')
            .where('domain', 'in', domains)
            .where('organisation_id', '!=', organisationId)
            .executeTakeFirst();
    if (taken) return { domainTaken: taken.domain };
    await trx
      .insertInto('identity_providers')
      .values({
        organisation_id: organisationId,
        issuer: fields.issuer,
        client_id: fields.clientId,
        client_secret: fields.clientSecret,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('organisation_id').doUpdateSet({
          issuer: fields.issuer,
          client_id: fields.clientId,
          client_secret: fields.clientSecret,
          updated_at: now,
        }),
      )
      .execute();
    await trx.deleteFrom('identity_provider_domains').where('organisation_id', '=', organisationId).execute();
    if (domains.length > 0) {
      await trx
        .insertInto('identity_provider_domains')
        .values(domains.map((domain) => ({ domain, organisation_id: organisationId })))
        .execute();
    }
    return (await findIdentityProvider(trx, organisationId)) as IdentityProvider;
  });
}

/** Turns password sign-in on or off for the accounts a provider vouches for; false when there is no provider. */
export async function setPasswordSignIn(
  db: Db,
  organisationId: number,
  allowed: boolean,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .updateTable('identity_providers')
    .set({ password_sign_in: allowed ? 1 : 0, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Removes an organisation's identity provider; false when it had none. */
export async function deleteIdentityProvider(db: Db, organisationId: number): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    await trx.deleteFrom('identity_provider_domains').where('organisation_id', '=', organisationId).execute();
    const result = await trx
      .deleteFrom('identity_providers')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}

/**
 * The ids of the accounts an organisation's provider speaks for: the organisation's own and those with an
 * e-mail address in one of its domains. Turning its password sign-in off changes how each of them signs in.
 */
export async function listAccountsOfIdentityProvider(db: Db, organisationId: number): Promise<number[]> {
  const provider = await findIdentityProvider(db, organisationId);
  const domains = provider?.domains ?? [];
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('organisation_id', '=', organisationId),
        ...domains.map((domain) => eb('email', 'like', `%@${domain.replaceAll(/[%_\\]/g, '')}`)),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

/** The part of an e-mail address after its last @, lower-cased; null when there is none. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  return email.slice(at + 1).toLowerCase();
}

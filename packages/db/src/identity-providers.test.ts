import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './connection.ts';
import {
  deleteIdentityProvider,
  emailDomain,
  findIdentityProvider,
  findIdentityProviderForEmail,
  listAccountsOfIdentityProvider,
  listIdentityProviderChoices,
  putIdentityProvider,
  setPasswordSignIn,
} from './identity-providers.ts';
import { ensureOrganisation } from './organisations.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';
import { createUser } from './users.ts';

describe('identity providers', () => {
  let database: TestDatabase;
  let db: Db;
  let utrecht: number;
  let tilburg: number;
  const fields = { issuer: 'https://login.utrecht.nl', clientId: 'klankbord', clientSecret: 'geheim' };

  beforeEach(async () => {
    database = await openTestDatabase();
    db = database.db;
    utrecht = (await ensureOrganisation(db, { name: 'Gemeente Utrecht', shortName: 'Utrecht', kind: 'gemeente' })).id;
    tilburg = (await ensureOrganisation(db, { name: 'Gemeente Tilburg', shortName: 'Tilburg', kind: 'gemeente' })).id;
  });
  afterEach(async () => {
    await database.close();
  });

  it('finds the provider by the domain of an e-mail address, lower-cased', async () => {
    await putIdentityProvider(db, utrecht, { ...fields, domains: ['Utrecht.nl'] });
    expect((await findIdentityProviderForEmail(db, 'a.jansen@UTRECHT.NL'))?.organisation_id).toBe(utrecht);
    expect(await findIdentityProviderForEmail(db, 'a.jansen@utrecht.nl.evil.example')).toBeUndefined();
    expect(await findIdentityProviderForEmail(db, 'geen-adres')).toBeUndefined();
  });

  it('lets one domain be vouched for by one provider only', async () => {
    await putIdentityProvider(db, utrecht, { ...fields, domains: ['utrecht.nl'] });
    const second = await putIdentityProvider(db, tilburg, { ...fields, domains: ['tilburg.nl', 'utrecht.nl'] });
    expect(second).toEqual({ domainTaken: 'utrecht.nl' });
    expect(await findIdentityProvider(db, tilburg)).toBeUndefined();
  });

  it('replaces the configuration and domains, and keeps the password setting', async () => {
    await putIdentityProvider(db, utrecht, { ...fields, domains: ['utrecht.nl'] });
    expect(await setPasswordSignIn(db, utrecht, false)).toBe(true);
    await putIdentityProvider(db, utrecht, { ...fields, clientId: 'nieuw', domains: ['gemeente-utrecht.nl'] });
    const provider = await findIdentityProvider(db, utrecht);
    expect(provider).toMatchObject({ client_id: 'nieuw', password_sign_in: 0, domains: ['gemeente-utrecht.nl'] });
    expect(await findIdentityProviderForEmail(db, 'x@utrecht.nl')).toBeUndefined();
  });

  it('offers choices by organisation name without the secret', async () => {
    await putIdentityProvider(db, utrecht, { ...fields, domains: ['utrecht.nl'] });
    expect(await listIdentityProviderChoices(db, 10)).toEqual([
      { organisationId: utrecht, name: 'Gemeente Utrecht', shortName: 'Utrecht' },
    ]);
  });

  it("lists the accounts it speaks for: the organisation's own and those in its domains", async () => {
    await putIdentityProvider(db, utrecht, { ...fields, domains: ['utrecht.nl'] });
    const user = (email: string, organisationId: number | null) =>
      createUser(db, { email, name: email, organisationId, passwordHash: 'x' });
    const own = (await user('a@elders.nl', utrecht))!.id;
    const byDomain = (await user('b@utrecht.nl', null))!.id;
    await user('c@tilburg.nl', tilburg);
    await user('d@xutrecht.nl', null);
    expect((await listAccountsOfIdentityProvider(db, utrecht)).sort()).toEqual([own, byDomain].sort());
  });

  it('removes a provider with its domains', async () => {
    await putIdentityProvider(db, utrecht, { ...fields, domains: ['utrecht.nl'] });
    expect(await deleteIdentityProvider(db, utrecht)).toBe(true);
    expect(await findIdentityProviderForEmail(db, 'x@utrecht.nl')).toBeUndefined();
    expect(await setPasswordSignIn(db, utrecht, false)).toBe(false);
  });

  it('reads the domain of an address', () => {
    expect(emailDomain('a@B.nl')).toBe('b.nl');
    expect(emailDomain('@b.nl')).toBeNull();
    expect(emailDomain('a@')).toBeNull();
  });
});

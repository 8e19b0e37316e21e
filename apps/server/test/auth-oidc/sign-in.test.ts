import { ensureOrganisation, findUserByEmail, listNetworksOfUser } from '@klankbord/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signedIn } from '../api/support.ts';
import { arrangeMember } from '../support/members.ts';
import { useTestServer } from '../support/use-server.ts';
import { identityProviderCli } from './cli.ts';
import { type LocalProvider, startLocalProvider, type Tamper } from './local-provider.ts';
import { signInThroughProvider } from './sign-in-driver.ts';

const ctx = useTestServer(async (server) => {
  const utrecht = await ensureOrganisation(server.db, {
    name: 'Gemeente Utrecht',
    shortName: 'Utrecht',
    kind: 'gemeente',
  });
  await ensureOrganisation(server.db, { name: 'Gemeente Tilburg', shortName: 'Tilburg', kind: 'gemeente' });
  await arrangeMember(server.db, { email: 'a.jansen@utrecht.nl', role: 'deelnemer' });
  await arrangeMember(server.db, { email: 'secretariaat@example.nl', role: 'secretariaat' });
  await arrangeMember(server.db, { email: 'elders@example.nl', role: 'secretariaat', network: 'elders' });
  return { utrecht: utrecht.id };
});

let provider: LocalProvider;

beforeAll(async () => {
  provider = await startLocalProvider([`${ctx.server.httpUrl}/api/auth/oidc/callback`]);
  const args = ['--organisation', 'Utrecht', '--issuer', provider.issuer, '--client-id', provider.clientId];
  const set = await identityProviderCli(
    ctx.server.dataDir,
    [...args, '--domains', 'utrecht.nl'],
    provider.clientSecret,
  );
  expect(set.output).toContain('identity provider set for utrecht.nl');
  expect(set.code).toBe(0);
});
afterAll(async () => {
  await provider?.close();
});

const signIn = (login: string, options?: Parameters<typeof signInThroughProvider>[3]) =>
  signInThroughProvider(ctx.server.httpUrl, ctx.arranged.utrecht, login, options);

async function failedSignIns(): Promise<number> {
  const rows = await ctx.server.db
    .selectFrom('audit_events')
    .select('id')
    .where('event', '=', 'login.failed')
    .where('subject', '=', provider.issuer)
    .execute();
  return rows.length;
}

describe('signing in through the organisation’s own identity provider', () => {
  it('signs a member in by verified e-mail with the same session as the password', async () => {
    const result = await signIn('a.jansen@utrecht.nl');
    expect(result.location).toBe('/');
    expect(result.session).not.toBeNull();
    const me = await ApiClient.withSession(ctx.server.httpUrl, result.session).get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('a.jansen@utrecht.nl');
    expect(me.body.networks).toEqual([expect.objectContaining({ slug: 'ngs', role: 'deelnemer' })]);
  });

  it.each<[Tamper, string]>([
    ['forgedSignature', 'an ID token signed with another key'],
    ['wrongAudience', 'an ID token for another client'],
    ['expired', 'an expired ID token'],
    ['wrongNonce', 'an ID token with another nonce'],
  ])('refuses %s (%s) and signs nobody in', async (tamper) => {
    const before = await failedSignIns();
    provider.tamper = tamper;
    try {
      const result = await signIn('a.jansen@utrecht.nl');
      expect(result).toEqual({ location: '/login?oidc=oidc.refused', session: null });
    } finally {
      provider.tamper = null;
    }
    expect(await failedSignIns()).toBe(before + 1);
  });

  it('refuses an answer whose state is not the one this browser started with', async () => {
    const result = await signIn('a.jansen@utrecht.nl', {
      alterCallback: (url) => url.searchParams.set('state', 'een-andere-state'),
    });
    expect(result).toEqual({ location: '/login?oidc=oidc.refused', session: null });
  });

  it('refuses an answer that comes to a browser that did not start the attempt', async () => {
    const result = await signIn('a.jansen@utrecht.nl', { dropAttemptCookie: true });
    expect(result).toEqual({ location: '/login?oidc=oidc.expired', session: null });
  });

  it('answers a made-up attempt cookie or an organisation without a provider with the login page, not an error', async () => {
    for (const cookie of ['rommel', Buffer.from('{"organisationId":"1"}').toString('base64url'), 'x'.repeat(3000)]) {
      const response = await fetch(`${ctx.server.httpUrl}/api/auth/oidc/callback?code=a&state=b`, {
        headers: { cookie: `klankbord_oidc=${cookie}` },
        redirect: 'manual',
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/login?oidc=oidc.expired');
    }
    const start = await fetch(`${ctx.server.httpUrl}/api/auth/oidc/999999/start`, { redirect: 'manual' });
    expect(start.headers.get('location')).toBe('/login?oidc=oidc.unavailable');
    const bad = await fetch(`${ctx.server.httpUrl}/api/auth/oidc/niet-een-getal/start`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
  });

  it('signs nobody in whose address is in a domain the provider was not configured for', async () => {
    const result = await signIn('deelnemer@example.nl');
    expect(result).toEqual({ location: '/login?oidc=oidc.otherDomain', session: null });
  });

  it('signs nobody in whose address the provider has not verified', async () => {
    const result = await signIn('onbevestigd@utrecht.nl');
    expect(result).toEqual({ location: '/login?oidc=oidc.emailNotVerified', session: null });
  });

  it('makes no account for an unknown address without an open invitation', async () => {
    const result = await signIn('nieuw@utrecht.nl');
    expect(result).toEqual({ location: '/login?oidc=oidc.noAccount', session: null });
    expect(await findUserByEmail(ctx.server.db, 'nieuw@utrecht.nl')).toBeUndefined();
  });

  it('makes the account of an invited address and accepts its invitation', async () => {
    const secretariaat = await signedIn(ctx.server.httpUrl, 'secretariaat@example.nl');
    const invited = await secretariaat.post('/api/networks/ngs/invitations', {
      email: 'uitgenodigd@utrecht.nl',
      role: 'deelnemer',
    });
    expect(invited.status).toBe(201);
    const result = await signIn('uitgenodigd@utrecht.nl');
    expect(result.location).toBe('/');
    const user = await findUserByEmail(ctx.server.db, 'uitgenodigd@utrecht.nl');
    expect(user).toMatchObject({ organisation_id: ctx.arranged.utrecht, name: 'Medewerker uitgenodigd' });
    expect(await listNetworksOfUser(ctx.server.db, user!.id)).toEqual([
      expect.objectContaining({ slug: 'ngs', role: 'deelnemer' }),
    ]);
  });

  it('lists the organisations with a provider for the login page, never with its client secret', async () => {
    const response = await new ApiClient(ctx.server.httpUrl).get('/api/auth/oidc/providers');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      providers: [{ organisationId: ctx.arranged.utrecht, name: 'Gemeente Utrecht', shortName: 'Utrecht' }],
    });
    expect(JSON.stringify(response.body)).not.toContain(provider.clientSecret);
  });
});

describe('the local password beside the provider', () => {
  const passwordSignIn = (client: ApiClient, organisationId: number, allowed: boolean) =>
    client.put(`/api/auth/oidc/organisations/${organisationId}/password-sign-in`, { allowed });

  it('lets only a secretariaat of every network of its accounts turn the password off', async () => {
    const { utrecht } = ctx.arranged;
    const deelnemer = await signedIn(ctx.server.httpUrl, 'deelnemer@example.nl');
    expect((await passwordSignIn(deelnemer, utrecht, false)).status).toBe(403);
    // The secretariaat of another network runs none of the networks of Utrecht's accounts.
    const elders = await signedIn(ctx.server.httpUrl, 'elders@example.nl');
    expect((await passwordSignIn(elders, utrecht, false)).status).toBe(403);
    expect((await passwordSignIn(new ApiClient(ctx.server.httpUrl), utrecht, false)).status).toBe(401);
    const secretariaat = await signedIn(ctx.server.httpUrl, 'secretariaat@example.nl');
    expect((await passwordSignIn(secretariaat, 999_999, false)).status).toBe(404);
    const tilburg = (
      await ensureOrganisation(ctx.server.db, { name: 'Gemeente Tilburg', shortName: null, kind: 'gemeente' })
    ).id;
    // Nothing to turn off without a provider: its accounts always have their password.
    expect((await passwordSignIn(secretariaat, tilburg, false)).status).toBe(403);
    expect((await passwordSignIn(secretariaat, utrecht, 'nee' as never)).status).toBe(400);
    // Nothing changed by any refusal: the password still works.
    expect((await new ApiClient(ctx.server.httpUrl).signIn('a.jansen@utrecht.nl')).status).toBe(200);
  });

  it('shows each person only the providers whose password setting they may change, without the secret', async () => {
    const list = async (client: ApiClient) => (await client.get('/api/auth/oidc/organisations')).body;
    const secretariaat = await signedIn(ctx.server.httpUrl, 'secretariaat@example.nl');
    const seen = await list(secretariaat);
    expect(seen).toEqual({
      organisations: [
        {
          organisationId: ctx.arranged.utrecht,
          name: 'Gemeente Utrecht',
          issuer: provider.issuer,
          domains: ['utrecht.nl'],
          passwordSignIn: true,
        },
      ],
    });
    expect(JSON.stringify(seen)).not.toContain(provider.clientSecret);
    expect(await list(await signedIn(ctx.server.httpUrl, 'deelnemer@example.nl'))).toEqual({ organisations: [] });
    expect(await list(await signedIn(ctx.server.httpUrl, 'elders@example.nl'))).toEqual({ organisations: [] });
    expect((await new ApiClient(ctx.server.httpUrl).get('/api/auth/oidc/organisations')).status).toBe(401);
  });

  it('refuses the password once it is off, and still signs in through the provider', async () => {
    const { utrecht } = ctx.arranged;
    const secretariaat = await signedIn(ctx.server.httpUrl, 'secretariaat@example.nl');
    const off = await passwordSignIn(secretariaat, utrecht, false);
    expect(off.status).toBe(200);
    try {
      const password = await new ApiClient(ctx.server.httpUrl).signIn('a.jansen@utrecht.nl');
      expect(password.status).toBe(403);
      expect(password.body).toEqual({ error: 'login.passwordOff' });
      // A wrong password is still just wrong: the setting is told only to whoever knows the password.
      const wrong = await new ApiClient(ctx.server.httpUrl).signIn('a.jansen@utrecht.nl', 'fout wachtwoord 123');
      expect(wrong.status).toBe(401);
      // Accounts of other domains and organisations keep their password.
      expect((await new ApiClient(ctx.server.httpUrl).signIn('deelnemer@example.nl')).status).toBe(200);
      expect((await signIn('a.jansen@utrecht.nl')).location).toBe('/');
    } finally {
      expect((await passwordSignIn(secretariaat, utrecht, true)).status).toBe(200);
    }
    expect((await new ApiClient(ctx.server.httpUrl).signIn('a.jansen@utrecht.nl')).status).toBe(200);
  });
});

describe('configuring a provider at the command line', () => {
  it('refuses plain http anywhere but this machine, and a domain another organisation’s provider has', async () => {
    const base = ['--client-id', 'x', '--domains'];
    const http = await identityProviderCli(
      ctx.server.dataDir,
      ['--organisation', 'Tilburg', '--issuer', 'http://login.tilburg.nl', ...base, 'tilburg.nl'],
      'geheim',
    );
    expect(http.code).toBe(1);
    expect(http.output).toContain('issuer.https');
    const taken = await identityProviderCli(
      ctx.server.dataDir,
      ['--organisation', 'Tilburg', '--issuer', 'https://login.tilburg.nl', ...base, 'tilburg.nl,utrecht.nl'],
      'geheim',
    );
    expect(taken.code).toBe(1);
    expect(taken.output).toContain('already vouches for utrecht.nl');
    const response = await new ApiClient(ctx.server.httpUrl).get('/api/auth/oidc/providers');
    expect(response.body.providers).toHaveLength(1);
  });
});

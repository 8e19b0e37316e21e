import { CloseCode } from '@klankbord/collab';
import { waitFor } from '@klankbord/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../support/clients.ts';
import { arrangeMember, TEST_PASSWORD } from '../support/members.ts';
import { READ_TOKEN, startEmptyServer, startTestServer, stopServer, type TestServer } from '../support/server.ts';
import {
  ApiClient,
  connectWithoutPresence,
  countRows,
  recordCloses,
  SESSION_COOKIE,
  signedIn,
  upgradeStatus,
} from './support.ts';

const SECRETARIAAT = 'secretariaat@example.nl';
const DEELNEMER = 'deelnemer@example.nl';
const NEW_PASSWORD = 'een heel nieuw wachtwoord';

let server: TestServer;
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await stopServer(server);
});

/** A browser that has not signed in. */
const anonymous = () => new ApiClient(server.httpUrl);

async function userIdOf(email: string): Promise<number> {
  const row = await server.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

/** A collaboration client signed in through a session cookie, as the web app connects. */
async function connectWithSession(browser: ApiClient, documentName: string): Promise<Client> {
  const client = await connectWithoutPresence(server.collabUrl, documentName, {
    session: browser.session ?? '',
    origin: server.httpUrl,
  });
  clients.push(client);
  return client;
}

/** The secret in a link the API hands out, e.g. `…/invite/<secret>`. */
function secretOf(link: string): string {
  return link.slice(link.lastIndexOf('/') + 1);
}

describe('first run', () => {
  beforeEach(async () => {
    server = await startEmptyServer();
  });

  it('creates the first account as secretariaat of every network, once', async () => {
    expect((await anonymous().get('/api/setup')).body).toEqual({ needed: true });

    const first = anonymous();
    const created = await first.post('/api/setup', {
      name: 'Sanne de Vries',
      email: 'Sanne@Example.nl',
      password: NEW_PASSWORD,
      organisationId: null,
    });

    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ name: 'Sanne de Vries', email: 'sanne@example.nl' });
    expect(first.session).not.toBeNull();
    const me = await first.get('/api/auth/me');
    const seeded = await server.db.selectFrom('networks').select('slug').execute();
    expect(seeded.map((n) => n.slug)).toContain('netwerk-grote-steden');
    expect(me.body.networks.map((n: { slug: string }) => n.slug).sort()).toEqual(seeded.map((n) => n.slug).sort());
    for (const network of me.body.networks) expect(network.role).toBe('secretariaat');
    expect((await first.get('/api/networks/netwerk-grote-steden')).body.role).toBe('secretariaat');

    expect((await anonymous().get('/api/setup')).body).toEqual({ needed: false });
    const second = await anonymous().post('/api/setup', {
      name: 'Mallory',
      email: 'mallory@example.nl',
      password: NEW_PASSWORD,
      organisationId: null,
    });
    expect(second).toMatchObject({ status: 409, body: { error: 'setup.done' } });
    expect(await countRows(server, 'users')).toBe(1);
  });
});

describe('signing in and out', () => {
  beforeEach(async () => {
    server = await startTestServer();
    await arrangeMember(server.db, { email: SECRETARIAAT, role: 'secretariaat' });
  });

  it('sets an httpOnly, SameSite=Lax session cookie that /api/auth/me accepts', async () => {
    const browser = anonymous();
    const response = await browser.signIn(DEELNEMER);

    expect(response.status).toBe(200);
    expect(response.body.user.email).toBe(DEELNEMER);
    expect(response.body.user).not.toHaveProperty('password_hash');
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`));
    const attributes = (cookie ?? '').split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
    // Served over plain http here, so the cookie cannot be Secure or the browser would drop it.
    expect(attributes).not.toContain('secure');
    const me = await browser.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(DEELNEMER);
    expect(me.body.networks).toEqual([{ slug: 'ngs', name: 'Testnetwerk ngs', role: 'deelnemer' }]);
  });

  it('answers the web app’s session check with no user for a visitor, and with the user once signed in', async () => {
    const browser = anonymous();
    expect(await browser.get('/api/auth/session')).toMatchObject({ status: 200, body: { user: null, networks: [] } });
    expect((await browser.get('/api/auth/me')).status).toBe(401);

    await browser.signIn(DEELNEMER);
    const session = await browser.get('/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.user.email).toBe(DEELNEMER);
    expect(session.body.networks).toEqual([{ slug: 'ngs', name: 'Testnetwerk ngs', role: 'deelnemer' }]);

    // A script with a bad token is still told at once, here as on every route.
    const script = new ApiClient(server.httpUrl, 'kb_not-a-token');
    expect((await script.get('/api/auth/session')).status).toBe(401);
  });

  it('ends the session on sign-out, so the same cookie is refused afterwards', async () => {
    const browser = await signedIn(server.httpUrl, DEELNEMER);
    const cookie = browser.session;
    const socket = await connectWithSession(browser, 'notes:ngs:afmelden');
    const closes = recordCloses(socket);

    expect((await browser.post('/api/auth/logout')).status).toBe(204);

    expect(browser.session).toBeNull();
    expect(await ApiClient.withSession(server.httpUrl, cookie).get('/api/auth/me')).toMatchObject({
      status: 401,
      body: { error: 'unauthorised' },
    });
    await waitFor(() => closes.length > 0, 'the signed-out session’s socket to be closed');
    expect(closes).toEqual([CloseCode.accessRevoked]);
  });

  it('refuses a wrong password with 401 login.failed and records it for the secretariat', async () => {
    const browser = anonymous();
    const response = await browser.signIn(DEELNEMER, 'niet het wachtwoord');

    expect(response).toMatchObject({ status: 401, body: { error: 'login.failed' } });
    expect(browser.session).toBeNull();
    const secretariat = await signedIn(server.httpUrl, SECRETARIAAT);
    const audit = await secretariat.get('/api/networks/ngs/audit');
    expect(audit.status).toBe(200);
    expect(audit.body.events).toContainEqual(expect.objectContaining({ event: 'login.failed', subject: DEELNEMER }));
  });

  it('answers the sixth attempt for one e-mail with 429 and Retry-After, even with the right password', async () => {
    const browser = anonymous();
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await browser.signIn(DEELNEMER, `fout-${attempt}`)).status).toBe(401);
    }

    const sixth = await browser.signIn(DEELNEMER, TEST_PASSWORD);

    expect(sixth).toMatchObject({ status: 429, body: { error: 'login.rateLimited' } });
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(browser.session).toBeNull();
    // The limit is per e-mail: someone else signing in from the same address is not held up.
    expect((await anonymous().signIn(SECRETARIAAT)).status).toBe(200);
  });
});

describe('collaboration sockets signed in by a session cookie', () => {
  beforeEach(async () => {
    server = await startTestServer();
  });

  // Found while writing these tests: @hono/node-ws builds an upgrade request's URL on `http://localhost`, so
  // comparing the Origin with that URL refused every page served by the server itself (now read from Host).
  it('accepts a session cookie sent from the server’s own origin', async () => {
    const browser = await signedIn(server.httpUrl, DEELNEMER);
    const headers = { cookie: `${SESSION_COOKIE}=${browser.session}`, origin: server.httpUrl };
    expect(await upgradeStatus(`${server.collabUrl}/notes:ngs:cookie`, headers)).toBe(101);
    expect(
      await upgradeStatus(`${server.collabUrl}/notes:ngs:cookie`, { ...headers, origin: 'http://localhost' }),
    ).toBe(401);

    const socket = await connectWithSession(browser, 'notes:ngs:cookie');
    socket.text.insert(0, 'via de sessie');
    const reader = await connectWithoutPresence(server.collabUrl, 'notes:ngs:cookie', { token: READ_TOKEN });
    clients.push(reader);
    await waitFor(() => reader.text.toString() === 'via de sessie', 'the edit to reach a reader');
  });
});

describe('invitations', () => {
  let secretariat: ApiClient;

  beforeEach(async () => {
    server = await startTestServer();
    await arrangeMember(server.db, { email: SECRETARIAAT, role: 'secretariaat' });
    secretariat = await signedIn(server.httpUrl, SECRETARIAAT);
  });

  async function invite(email: string, role = 'klankbordgroep'): Promise<{ id: number; secret: string }> {
    const response = await secretariat.post('/api/networks/ngs/invitations', { email, role });
    expect(response.status).toBe(201);
    return { id: response.body.invitation.id, secret: secretOf(response.body.link) };
  }

  it('creates an account with the invited role and signs the new member in', async () => {
    const { secret } = await invite('nieuw@example.nl');
    const organisations = await anonymous().get('/api/organisations');
    const organisationId = organisations.body.organisations[0].id as number;

    const opened = await anonymous().get(`/api/invitations/${secret}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({
      network: { slug: 'ngs', name: 'Testnetwerk ngs' },
      email: 'nieuw@example.nl',
      role: 'klankbordgroep',
      accountExists: false,
    });

    const invitee = anonymous();
    const accepted = await invitee.post(`/api/invitations/${secret}/accept`, {
      name: 'Noor Bakker',
      password: NEW_PASSWORD,
      organisationId,
    });

    expect(accepted).toMatchObject({ status: 200, body: { network: { slug: 'ngs' } } });
    expect(invitee.session).not.toBeNull();
    const me = await invitee.get('/api/auth/me');
    expect(me.body.user).toMatchObject({
      name: 'Noor Bakker',
      email: 'nieuw@example.nl',
      organisationId,
    });
    expect(me.body.networks).toEqual([{ slug: 'ngs', name: 'Testnetwerk ngs', role: 'klankbordgroep' }]);
    const members = await secretariat.get('/api/networks/ngs/members');
    expect(members.body.members).toContainEqual(
      expect.objectContaining({ email: 'nieuw@example.nl', role: 'klankbordgroep', organisationId }),
    );
    expect((await anonymous().signIn('nieuw@example.nl', NEW_PASSWORD)).status).toBe(200);
  });

  it('refuses a link that was used already with 410 invitation.used', async () => {
    const { secret } = await invite('nieuw@example.nl');
    const body = { name: 'Noor Bakker', password: NEW_PASSWORD, organisationId: null };
    expect((await anonymous().post(`/api/invitations/${secret}/accept`, body)).status).toBe(200);
    const users = await countRows(server, 'users');

    const again = anonymous();
    expect(await again.post(`/api/invitations/${secret}/accept`, { ...body, name: 'Iemand Anders' })).toMatchObject({
      status: 410,
      body: { error: 'invitation.used' },
    });
    expect(await anonymous().get(`/api/invitations/${secret}`)).toMatchObject({
      status: 410,
      body: { error: 'invitation.used' },
    });
    expect(again.session).toBeNull();
    expect(await countRows(server, 'users')).toBe(users);
  });

  it('refuses an expired invitation with 410 invitation.expired', async () => {
    const { id, secret } = await invite('laat@example.nl');
    await server.db
      .updateTable('invitations')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', id)
      .execute();
    const users = await countRows(server, 'users');

    expect(await anonymous().get(`/api/invitations/${secret}`)).toMatchObject({
      status: 410,
      body: { error: 'invitation.expired' },
    });
    const accept = await anonymous().post(`/api/invitations/${secret}/accept`, {
      name: 'Te Laat',
      password: NEW_PASSWORD,
      organisationId: null,
    });
    expect(accept).toMatchObject({ status: 410, body: { error: 'invitation.expired' } });
    expect(await countRows(server, 'users')).toBe(users);
  });

  it('refuses a revoked invitation with 404 invitation.invalid', async () => {
    const { id, secret } = await invite('ingetrokken@example.nl');

    expect((await secretariat.delete(`/api/networks/ngs/invitations/${id}`)).status).toBe(204);

    expect(await anonymous().get(`/api/invitations/${secret}`)).toMatchObject({
      status: 404,
      body: { error: 'invitation.invalid' },
    });
    const accept = await anonymous().post(`/api/invitations/${secret}/accept`, {
      name: 'Niet Meer',
      password: NEW_PASSWORD,
      organisationId: null,
    });
    expect(accept).toMatchObject({ status: 404, body: { error: 'invitation.invalid' } });
    const listed = await secretariat.get('/api/networks/ngs/invitations');
    expect(listed.body.invitations).toEqual([]);
  });
});

describe('password resets', () => {
  let secretariat: ApiClient;

  beforeEach(async () => {
    server = await startTestServer();
    await arrangeMember(server.db, { email: SECRETARIAAT, role: 'secretariaat' });
    secretariat = await signedIn(server.httpUrl, SECRETARIAAT);
  });

  async function resetLink(email: string): Promise<string> {
    const response = await secretariat.post(`/api/networks/ngs/members/${await userIdOf(email)}/password-reset`);
    expect(response.status).toBe(200);
    expect(response.body.expiresAt).toBeGreaterThan(Date.now());
    return secretOf(response.body.link);
  }

  it('sets a new password through a link from the secretariat, once', async () => {
    const before = await signedIn(server.httpUrl, DEELNEMER);
    const secret = await resetLink(DEELNEMER);

    expect(await anonymous().get(`/api/password-resets/${secret}`)).toMatchObject({
      status: 200,
      body: { name: 'deelnemer', email: DEELNEMER },
    });
    expect((await anonymous().post(`/api/password-resets/${secret}`, { password: NEW_PASSWORD })).status).toBe(204);

    expect((await anonymous().signIn(DEELNEMER, NEW_PASSWORD)).status).toBe(200);
    expect(await anonymous().signIn(DEELNEMER, TEST_PASSWORD)).toMatchObject({
      status: 401,
      body: { error: 'login.failed' },
    });
    // Whoever was signed in with the old password is signed out.
    expect((await before.get('/api/auth/me')).status).toBe(401);
    const reused = await anonymous().post(`/api/password-resets/${secret}`, { password: 'nog een ander wachtwoord' });
    expect(reused).toMatchObject({ status: 404, body: { error: 'reset.invalid' } });
    expect(await anonymous().get(`/api/password-resets/${secret}`)).toMatchObject({
      status: 404,
      body: { error: 'reset.invalid' },
    });
    expect((await anonymous().signIn(DEELNEMER, NEW_PASSWORD)).status).toBe(200);
  });

  it('closes the collaboration sockets of the sessions a password reset ends', async () => {
    const before = await signedIn(server.httpUrl, DEELNEMER);
    const socket = await connectWithSession(before, 'notes:ngs:reset');
    const closes = recordCloses(socket);
    const secret = await resetLink(DEELNEMER);

    expect((await anonymous().post(`/api/password-resets/${secret}`, { password: NEW_PASSWORD })).status).toBe(204);

    await waitFor(() => closes.length > 0, 'the old session’s socket to be closed', 3000);
    expect(closes).toEqual([CloseCode.accessRevoked]);
  });

  it('ends the member’s other sessions, and their sockets, when they change their password', async () => {
    const here = await signedIn(server.httpUrl, DEELNEMER);
    const elsewhere = await signedIn(server.httpUrl, DEELNEMER);
    const hereSocket = await connectWithSession(here, 'notes:ngs:wachtwoord');
    const elsewhereSocket = await connectWithSession(elsewhere, 'notes:ngs:wachtwoord');
    const hereCloses = recordCloses(hereSocket);
    const elsewhereCloses = recordCloses(elsewhereSocket);

    const changed = await here.post('/api/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });

    expect(changed.status).toBe(204);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    await waitFor(() => elsewhereCloses.length > 0, 'the other session’s socket to be closed');
    expect(elsewhereCloses).toEqual([CloseCode.accessRevoked]);
    // The socket of the session that changed the password stays: an edit from it still reaches others.
    hereSocket.text.insert(0, 'nog verbonden');
    const reader = await connectWithoutPresence(server.collabUrl, 'notes:ngs:wachtwoord', {
      token: READ_TOKEN,
    });
    clients.push(reader);
    await waitFor(() => reader.text.toString() === 'nog verbonden', 'the edit to reach a reader');
    expect(hereCloses).toEqual([]);
    expect((await anonymous().signIn(DEELNEMER, NEW_PASSWORD)).status).toBe(200);
    expect((await anonymous().signIn(DEELNEMER, TEST_PASSWORD)).status).toBe(401);
  });
});

describe('API tokens', () => {
  let owner: ApiClient;

  beforeEach(async () => {
    server = await startTestServer();
    owner = await signedIn(server.httpUrl, DEELNEMER);
  });

  async function createToken(name = 'export-script'): Promise<{ id: number; secret: string }> {
    const response = await owner.post('/api/tokens', { name, expiresInDays: 30 });
    expect(response.status).toBe(201);
    return { id: response.body.token.id, secret: response.body.secret };
  }

  it('shows a new token’s secret once and never lists it or its hash', async () => {
    const created = await owner.post('/api/tokens', { name: 'export-script', expiresInDays: 30 });

    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^kb_[A-Za-z0-9_-]{40,}$/);
    expect(created.body.token).toMatchObject({ name: 'export-script', prefix: secret.slice(0, 10), revokedAt: null });
    expect(created.body.token.expiresAt - created.body.token.createdAt).toBe(30 * 24 * 60 * 60 * 1000);

    const listed = await owner.get('/api/tokens');
    expect(listed.status).toBe(200);
    const mine = listed.body.tokens.find((token: { id: number }) => token.id === created.body.token.id);
    expect(Object.keys(mine).sort()).toEqual(
      ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt'].sort(),
    );
    const text = JSON.stringify(listed.body);
    const stored = await server.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', created.body.token.id)
      .executeTakeFirstOrThrow();
    expect(text).not.toContain(secret);
    expect(text).not.toContain(stored.token_hash);
    expect(stored.token_hash).not.toContain(secret);
  });

  it('authenticates a script by Bearer token, without cookie or Origin', async () => {
    const { secret } = await createToken();
    const script = new ApiClient(server.httpUrl, secret);

    const network = await script.get('/api/networks/ngs', { origin: null });
    expect(network).toMatchObject({ status: 200, body: { role: 'deelnemer' } });
    const profile = await script.patch(
      '/api/account',
      { name: 'Script van Deelnemer', organisationId: null },
      {
        origin: null,
      },
    );
    expect(profile).toMatchObject({ status: 200, body: { user: { name: 'Script van Deelnemer' } } });
    // A token cannot mint further tokens: a leaked one would otherwise outlive its own revocation.
    expect(await script.post('/api/tokens', { name: 'kind', expiresInDays: 1 })).toMatchObject({
      status: 403,
      body: { error: 'forbidden' },
    });
  });

  it('refuses an expired token with 401', async () => {
    const { id, secret } = await createToken();
    await server.db
      .updateTable('api_tokens')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', id)
      .execute();

    expect(await new ApiClient(server.httpUrl, secret).get('/api/networks/ngs')).toMatchObject({
      status: 401,
      body: { error: 'unauthorised' },
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { arrangeMember, TEST_PASSWORD } from '../support/members.ts';
import { startTestServer, stopServer, type TestServer } from '../support/server.ts';
import { ApiClient, type ApiResponse, countRows, SESSION_COOKIE, signedIn, upgradeStatus } from './support.ts';

const SECRETARIAAT = 'secretariaat@example.nl';
const DEELNEMER = 'deelnemer@example.nl';
const EVIL_ORIGIN = 'https://evil.example';
const GOOD_PASSWORD = 'een goed lang wachtwoord';

let server: TestServer;
let secretariat: ApiClient;

beforeEach(async () => {
  server = await startTestServer();
  await arrangeMember(server.db, { email: SECRETARIAAT, role: 'secretariaat' });
  secretariat = await signedIn(server.httpUrl, SECRETARIAAT);
});

afterEach(async () => {
  // Whatever a test threw at it, the server is still up and its database answers.
  const health = await fetch(`${server.httpUrl}/healthz`);
  expect(health.status).toBe(200);
  await stopServer(server);
});

const anonymous = () => new ApiClient(server.httpUrl);

/** A 400 naming the field and its problem, as the web app shows it next to the field. */
function expectFieldError(response: ApiResponse, field: string, key: string): void {
  expect({ status: response.status, body: response.body }).toEqual({
    status: 400,
    body: { error: 'invalid_input', fields: expect.objectContaining({ [field]: key }) },
  });
}

async function invitationLink(email: string, role = 'klankbordgroep'): Promise<string> {
  const response = await secretariat.post('/api/networks/ngs/invitations', { email, role });
  expect(response.status).toBe(201);
  const link = response.body.link as string;
  return link.slice(link.lastIndexOf('/') + 1);
}

async function openInvitations(): Promise<string[]> {
  const response = await secretariat.get('/api/networks/ngs/invitations');
  return response.body.invitations.map((invitation: { email: string }) => invitation.email);
}

async function networkName(): Promise<string> {
  return (await secretariat.get('/api/networks/ngs')).body.network.name;
}

async function userIdOf(email: string): Promise<number> {
  const row = await server.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

/** A well-formed address of exactly `length` characters: `a@` and domain labels short enough to be valid, `.nl`. */
function emailOfLength(length: number): string {
  const labels: string[] = [];
  let remaining = length - 'a@'.length - '.nl'.length;
  while (remaining > 50) {
    labels.push('b'.repeat(49));
    remaining -= 50;
  }
  labels.push('b'.repeat(remaining));
  return `a@${labels.join('.')}.nl`;
}

describe('bad input', () => {
  it('refuses a wrong password with 401 login.failed and starts no session', async () => {
    const sessions = await countRows(server, 'sessions');
    const browser = anonymous();

    expect(await browser.signIn(DEELNEMER, 'bijna goed')).toMatchObject({
      status: 401,
      body: { error: 'login.failed' },
    });

    expect(browser.session).toBeNull();
    expect(await countRows(server, 'sessions')).toBe(sessions);
  });

  it('refuses a new account for an e-mail that has one with 409 email.taken, and leaves both alone', async () => {
    const secret = await invitationLink(DEELNEMER);
    const users = await countRows(server, 'users');
    const browser = anonymous();

    const accepted = await browser.post(`/api/invitations/${secret}/accept`, {
      name: 'Dubbel Account',
      password: GOOD_PASSWORD,
      organisationId: null,
    });

    expect(accepted).toMatchObject({ status: 409, body: { error: 'email.taken' } });
    expect(browser.session).toBeNull();
    expect(await countRows(server, 'users')).toBe(users);
    expect(await openInvitations()).toContain(DEELNEMER);
    const members = await secretariat.get('/api/networks/ngs/members');
    expect(members.body.members).toContainEqual(expect.objectContaining({ email: DEELNEMER, role: 'deelnemer' }));
    // The existing account keeps its password.
    expect((await anonymous().signIn(DEELNEMER, TEST_PASSWORD)).status).toBe(200);
    expect((await anonymous().signIn(DEELNEMER, GOOD_PASSWORD)).status).toBe(401);
  });

  it('refuses a name of 121 characters and takes one of 120', async () => {
    const secret = await invitationLink('lange-naam@example.nl');
    const users = await countRows(server, 'users');
    const accept = (name: string) =>
      anonymous().post(`/api/invitations/${secret}/accept`, { name, password: GOOD_PASSWORD, organisationId: null });

    expectFieldError(await accept('N'.repeat(121)), 'name', 'name.tooLong');

    expect(await countRows(server, 'users')).toBe(users);
    expect(await openInvitations()).toContain('lange-naam@example.nl');
    expect((await accept('N'.repeat(120))).status).toBe(200);
  });

  it('refuses an e-mail address of 255 characters', async () => {
    const invitations = await countRows(server, 'invitations');
    const address = emailOfLength(255);
    expect(address).toHaveLength(255);

    const response = await secretariat.post('/api/networks/ngs/invitations', { email: address, role: 'deelnemer' });

    expectFieldError(response, 'email', 'email.tooLong');
    expect(await countRows(server, 'invitations')).toBe(invitations);
    expect(
      (await secretariat.post('/api/networks/ngs/invitations', { email: emailOfLength(254), role: 'gast' })).status,
    ).toBe(201);
  });

  it('refuses a password shorter than 10 characters', async () => {
    const secret = await invitationLink('kort@example.nl');
    const users = await countRows(server, 'users');

    const accepted = await anonymous().post(`/api/invitations/${secret}/accept`, {
      name: 'Kort Wachtwoord',
      password: '123456789',
      organisationId: null,
    });
    expectFieldError(accepted, 'password', 'password.tooShort');
    expect(await countRows(server, 'users')).toBe(users);

    const member = await signedIn(server.httpUrl, DEELNEMER);
    const changed = await member.post('/api/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'kort' });
    expectFieldError(changed, 'newPassword', 'password.tooShort');
    expect((await anonymous().signIn(DEELNEMER, TEST_PASSWORD)).status).toBe(200);
  });

  it('refuses a malformed e-mail address', async () => {
    const invitations = await countRows(server, 'invitations');

    for (const email of ['geen-adres', 'twee@@example.nl', 'spatie in@example.nl', '@example.nl']) {
      const response = await secretariat.post('/api/networks/ngs/invitations', { email, role: 'deelnemer' });
      expectFieldError(response, 'email', 'email.invalid');
    }
    expectFieldError(await anonymous().signIn('geen-adres'), 'email', 'email.invalid');

    expect(await countRows(server, 'invitations')).toBe(invitations);
  });

  it('refuses control characters in a name', async () => {
    const member = await signedIn(server.httpUrl, DEELNEMER);

    for (const name of ['Anna\u0000Jansen', 'Anna\u0007', 'Anna\u001b[2J', 'Anna\nJansen']) {
      expectFieldError(await member.patch('/api/account', { name, organisationId: null }), 'name', 'name.invalid');
    }

    expect((await member.get('/api/auth/me')).body.user.name).toBe('deelnemer');
  });

  it('refuses an unknown role', async () => {
    const invitations = await countRows(server, 'invitations');
    const userId = await userIdOf(DEELNEMER);

    expectFieldError(
      await secretariat.post('/api/networks/ngs/invitations', { email: 'rol@example.nl', role: 'beheerder' }),
      'role',
      'role.invalid',
    );
    expectFieldError(
      await secretariat.patch(`/api/networks/ngs/members/${userId}`, { role: 'koning' }),
      'role',
      'role.invalid',
    );
    expectFieldError(
      await secretariat.patch(`/api/networks/ngs/members/${userId}`, { role: 'Gast' }),
      'role',
      'role.invalid',
    );

    expect(await countRows(server, 'invitations')).toBe(invitations);
    const members = await secretariat.get('/api/networks/ngs/members');
    expect(members.body.members).toContainEqual(expect.objectContaining({ email: DEELNEMER, role: 'deelnemer' }));
  });

  it('refuses a malformed JSON body with 400 and changes nothing', async () => {
    const before = await networkName();

    for (const raw of ['{"name": "Kapot', '{name: "zonder aanhalingstekens"}', '']) {
      const response = await secretariat.request('PATCH', '/api/networks/ngs', { raw });
      expect(response.status).toBe(400);
    }

    expect(await networkName()).toBe(before);
  });

  it('answers a malformed JSON body with a JSON error key', async () => {
    const response = await secretariat.request('PATCH', '/api/networks/ngs', { raw: '{"name": "Kapot' });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual(expect.objectContaining({ error: expect.any(String) }));
  });

  it('refuses a purpose one character over its limit as too long', async () => {
    const before = await networkName();

    const response = await secretariat.patch('/api/networks/ngs', { name: 'Groot', purpose: 'x'.repeat(2001) });

    expectFieldError(response, 'purpose', 'purpose.tooLong');
    expect(await networkName()).toBe(before);
  });

  it('refuses a JSON body of 1 MB with 413 and changes nothing', async () => {
    const before = await networkName();
    const raw = JSON.stringify({ name: 'Opgeblazen', purpose: '', padding: 'x'.repeat(1024 * 1024) });

    const response = await secretariat.request('PATCH', '/api/networks/ngs', { raw });

    expect(response.status).toBe(413);
    expect(response.body).toEqual(expect.objectContaining({ error: expect.any(String) }));
    expect(await networkName()).toBe(before);
  });

  it('refuses a cookie-authenticated request without Origin with 403 origin.invalid', async () => {
    const invitations = await countRows(server, 'invitations');

    const invited = await secretariat.post(
      '/api/networks/ngs/invitations',
      { email: 'zonder-origin@example.nl', role: 'deelnemer' },
      { origin: null },
    );
    const signedOut = await secretariat.post('/api/auth/logout', undefined, { origin: null });

    expect(invited).toMatchObject({ status: 403, body: { error: 'origin.invalid' } });
    expect(signedOut).toMatchObject({ status: 403, body: { error: 'origin.invalid' } });
    expect(await countRows(server, 'invitations')).toBe(invitations);
    expect((await secretariat.get('/api/auth/me')).status).toBe(200);
  });

  it('refuses a cookie-authenticated request from a foreign Origin with 403 origin.invalid', async () => {
    const invitations = await countRows(server, 'invitations');
    const before = await networkName();
    const sessions = await countRows(server, 'sessions');
    const foreign = { origin: EVIL_ORIGIN };

    const invited = await secretariat.post(
      '/api/networks/ngs/invitations',
      { email: 'evil@example.nl', role: 'secretariaat' },
      foreign,
    );
    const renamed = await secretariat.patch('/api/networks/ngs', { name: 'Overgenomen', purpose: '' }, foreign);
    const login = await anonymous().post('/api/auth/login', { email: DEELNEMER, password: TEST_PASSWORD }, foreign);

    for (const response of [invited, renamed, login]) {
      expect(response).toMatchObject({ status: 403, body: { error: 'origin.invalid' } });
    }
    expect(await countRows(server, 'invitations')).toBe(invitations);
    expect(await networkName()).toBe(before);
    expect(await countRows(server, 'sessions')).toBe(sessions);
    // The collaboration endpoint takes the cookie only from our own origin, too.
    const document = `${server.collabUrl}/notes:ngs:origin`;
    const cookie = `${SESSION_COOKIE}=${secretariat.session}`;
    expect(await upgradeStatus(document, { cookie, origin: EVIL_ORIGIN })).toBe(401);
    expect(await upgradeStatus(document, { cookie })).toBe(401);
    expect(await upgradeStatus(document, { cookie, origin: server.httpUrl })).toBe(101);
  });

  it('answers the session cookie of a removed member with 404 for that network', async () => {
    const { userId } = await arrangeMember(server.db, { email: 'vertrokken@example.nl', role: 'deelnemer' });
    const removed = await signedIn(server.httpUrl, 'vertrokken@example.nl');
    expect((await removed.get('/api/networks/ngs')).status).toBe(200);

    expect((await secretariat.delete(`/api/networks/ngs/members/${userId}`)).status).toBe(204);

    expect(await removed.get('/api/networks/ngs')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await removed.get('/api/networks/ngs/members')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    const me = await removed.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.networks).toEqual([]);
  });

  it('refuses garbage in path parameters with 400', async () => {
    const memberships = await countRows(server, 'memberships');

    for (const id of ['abc', '-1', '0', '1.5', '1e3x', '%00']) {
      const changed = await secretariat.patch(`/api/networks/ngs/members/${id}`, { role: 'gast' });
      expect({ id, status: changed.status, error: changed.body.error }).toEqual({
        id,
        status: 400,
        error: 'invalid_input',
      });
      expect((await secretariat.delete(`/api/networks/ngs/members/${id}`)).status).toBe(400);
      expect((await secretariat.post(`/api/networks/ngs/members/${id}/password-reset`)).status).toBe(400);
      expect((await secretariat.delete(`/api/networks/ngs/invitations/${id}`)).status).toBe(400);
      expect((await secretariat.delete(`/api/tokens/${id}`)).status).toBe(400);
    }

    expect(await countRows(server, 'memberships')).toBe(memberships);
  });

  it('stores HTML in a name as plain text and returns it verbatim as JSON', async () => {
    const name = '<script>alert("klankbord")</script><img src=x onerror=alert(1)> & Noor';
    const secret = await invitationLink('html@example.nl');
    const invitee = anonymous();

    expect(
      (await invitee.post(`/api/invitations/${secret}/accept`, { name, password: GOOD_PASSWORD, organisationId: null }))
        .status,
    ).toBe(200);

    const me = await invitee.get('/api/auth/me');
    expect(me.headers.get('content-type')).toMatch(/^application\/json/);
    expect(me.body.user.name).toBe(name);
    const members = await secretariat.get('/api/networks/ngs/members');
    expect(members.headers.get('content-type')).toMatch(/^application\/json/);
    expect(members.body.members).toContainEqual(expect.objectContaining({ email: 'html@example.nl', name }));
    const stored = await server.db.selectFrom('users').select('name').where('email', '=', 'html@example.nl').execute();
    expect(stored).toEqual([{ name }]);
  });
});

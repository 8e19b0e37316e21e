import { describe, expect, it } from 'vitest';
import { arrangeMember, TEST_PASSWORD } from '../support/members.ts';
import { WRITE_TOKEN } from '../support/server.ts';
import { useTestServer } from '../support/use-server.ts';
import { ApiClient, type ApiResponse, signedIn } from './support.ts';

const DEELNEMER = 'deelnemer@example.nl';
const SECRETARIAAT = 'secretariaat@example.nl';

// A fresh server per test: each starts with empty limiters.
const ctx = useTestServer((server) => arrangeMember(server.db, { email: SECRETARIAAT, role: 'secretariaat' }), {
  perTest: true,
});
const anonymous = () => new ApiClient(ctx.server.httpUrl);

function statuses(responses: ApiResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
}

function expectRetryAfter(response: ApiResponse): void {
  const seconds = Number(response.headers.get('retry-after'));
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(15 * 60);
}

describe('signing in, many guesses at once', () => {
  it('checks at most five of 60 concurrent wrong passwords for one e-mail and refuses the rest with 429', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => anonymous().signIn(DEELNEMER, `geraden wachtwoord ${i}`)),
    );

    const counted = statuses(guesses);
    expect(counted[401] ?? 0).toBeLessThanOrEqual(5);
    expect(counted[429] ?? 0).toBeGreaterThanOrEqual(55);
    expect((counted[401] ?? 0) + (counted[429] ?? 0)).toBe(60);
    for (const refused of guesses.filter((response) => response.status === 429)) {
      expect(refused.body).toEqual({ error: 'login.rateLimited' });
      expectRetryAfter(refused);
    }
    // Each password that was checked and wrong is in the audit log, as before.
    const secretariat = await signedIn(ctx.server.httpUrl, SECRETARIAAT);
    const audit = await secretariat.get('/api/networks/ngs/audit');
    const failures = audit.body.events.filter(
      (event: { event: string; subject: string }) => event.event === 'login.failed' && event.subject === DEELNEMER,
    );
    expect(failures).toHaveLength(counted[401] ?? 0);
    // The right password is refused too until the window ends.
    expect((await anonymous().signIn(DEELNEMER, TEST_PASSWORD)).status).toBe(429);
  });

  it('does not count a successful sign-in against the address', async () => {
    // Members at one venue share an address: more sign-ins than the 30 attempts an address has, all of them right.
    for (let i = 0; i < 32; i++) {
      const response = await anonymous().signIn(i % 2 === 0 ? DEELNEMER : SECRETARIAAT);
      expect(response.status, `sign-in ${i + 1}`).toBe(200);
    }
    expect((await anonymous().signIn(DEELNEMER, 'fout')).status).toBe(401);
  });
});

describe('the current-password check on the account page', () => {
  const withToken = () => new ApiClient(ctx.server.httpUrl, WRITE_TOKEN);

  it('checks at most five concurrent guesses per account, even through an API token', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withToken().post('/api/account/password', {
          currentPassword: `geraden wachtwoord ${i}`,
          newPassword: 'een heel nieuw wachtwoord',
        }),
      ),
    );

    const counted = statuses(guesses);
    expect(counted[400] ?? 0).toBeLessThanOrEqual(5);
    expect(counted[429] ?? 0).toBeGreaterThanOrEqual(15);
    expect((counted[400] ?? 0) + (counted[429] ?? 0)).toBe(20);
    for (const wrong of guesses.filter((response) => response.status === 400)) {
      expect(wrong.body).toEqual({ error: 'invalid_input', fields: { currentPassword: 'password.wrong' } });
    }
    for (const refused of guesses.filter((response) => response.status === 429)) {
      expect(refused.body).toEqual({ error: 'password.rateLimited' });
      expectRetryAfter(refused);
    }
    // Not even the right password gets through now, from a session either; the password is unchanged.
    const browser = await signedIn(ctx.server.httpUrl, DEELNEMER);
    const right = await browser.post('/api/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'een heel nieuw wachtwoord',
    });
    expect(right).toMatchObject({ status: 429, body: { error: 'password.rateLimited' } });
    expect((await anonymous().signIn(DEELNEMER, TEST_PASSWORD)).status).toBe(200);
    // The limit is per account: another member changes their password as usual.
    const other = await signedIn(ctx.server.httpUrl, SECRETARIAAT);
    const changed = await other.post('/api/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'een heel nieuw wachtwoord',
    });
    expect(changed.status).toBe(204);
  });

  it('refuses the sixth wrong guess in a row, while a right one in between does not count', async () => {
    const browser = await signedIn(ctx.server.httpUrl, DEELNEMER);
    const change = (currentPassword: string, newPassword = 'een heel nieuw wachtwoord') =>
      browser.post('/api/account/password', { currentPassword, newPassword });
    for (let i = 1; i <= 4; i++) expect((await change(`fout-${i}`)).status).toBe(400);
    expect((await change(TEST_PASSWORD, 'nog een nieuw wachtwoord')).status).toBe(204);
    expect((await change('fout-5')).status).toBe(400);

    const sixth = await change('fout-6');

    expect(sixth).toMatchObject({ status: 429, body: { error: 'password.rateLimited' } });
    expectRetryAfter(sixth);
  });
});

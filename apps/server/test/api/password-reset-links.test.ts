import { beforeEach, describe, expect, it } from 'vitest';
import { arrangeMember, TEST_PASSWORD } from '../support/members.ts';
import { useTestServer } from '../support/use-server.ts';
import { ApiClient, signedIn } from './support.ts';

const SECRETARIAAT = 'secretariaat@example.nl';
const DEELNEMER = 'deelnemer@example.nl';

// A fresh server per test: each starts from the known password, no open links and empty sign-in limits.
const ctx = useTestServer(
  async (server) => {
    await arrangeMember(server.db, { email: SECRETARIAAT, role: 'secretariaat' });
    return { deelnemer: (await arrangeMember(server.db, { email: DEELNEMER, role: 'deelnemer' })).userId };
  },
  { perTest: true },
);
const anonymous = () => new ApiClient(ctx.server.httpUrl);

let secretariat: ApiClient;
beforeEach(async () => {
  secretariat = await signedIn(ctx.server.httpUrl, SECRETARIAAT);
});

/** A link the secretariat makes for the deelnemer; returns its secret (the last path segment). */
async function resetLink(): Promise<string> {
  const response = await secretariat.post(`/api/networks/ngs/members/${ctx.arranged.deelnemer}/password-reset`);
  expect(response.status).toBe(200);
  return response.body.link.slice(response.body.link.lastIndexOf('/') + 1);
}

function useLink(secret: string, password: string) {
  return anonymous().post(`/api/password-resets/${secret}`, { password });
}

async function expectRefused(secret: string): Promise<void> {
  const invalid = { status: 404, body: { error: 'reset.invalid' } };
  expect(await anonymous().get(`/api/password-resets/${secret}`)).toMatchObject(invalid);
  expect(await useLink(secret, 'wachtwoord van een oude link')).toMatchObject(invalid);
}

describe('older and newer password-reset links', () => {
  it('refuses an older link once a newer one was used', async () => {
    const older = await resetLink();
    const newer = await resetLink();

    expect((await useLink(newer, 'wachtwoord van de nieuwe link')).status).toBe(204);

    await expectRefused(older);
    expect((await anonymous().signIn(DEELNEMER, 'wachtwoord van de nieuwe link')).status).toBe(200);
  });

  it('refuses a newer link once an older one was used', async () => {
    const older = await resetLink();
    const newer = await resetLink();

    expect((await useLink(older, 'wachtwoord van de oude link')).status).toBe(204);

    await expectRefused(newer);
    expect((await anonymous().signIn(DEELNEMER, 'wachtwoord van de oude link')).status).toBe(200);
  });

  it('sets one password when two links are used at once', async () => {
    const first = await resetLink();
    const second = await resetLink();

    const [a, b] = await Promise.all([
      useLink(first, 'wachtwoord via link een'),
      useLink(second, 'wachtwoord via link twee'),
    ]);

    expect([a.status, b.status].toSorted()).toEqual([204, 404]);
    const winner = a.status === 204 ? 'wachtwoord via link een' : 'wachtwoord via link twee';
    const loser = a.status === 204 ? 'wachtwoord via link twee' : 'wachtwoord via link een';
    expect((await anonymous().signIn(DEELNEMER, winner)).status).toBe(200);
    expect((await anonymous().signIn(DEELNEMER, loser)).status).toBe(401);
  });

  it('refuses every open link once the member changed their password on the account page', async () => {
    const link = await resetLink();
    const member = await signedIn(ctx.server.httpUrl, DEELNEMER);

    const changed = await member.post('/api/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'zelf gekozen wachtwoord',
    });

    expect(changed.status).toBe(204);
    await expectRefused(link);
    expect((await anonymous().signIn(DEELNEMER, 'zelf gekozen wachtwoord')).status).toBe(200);
  });

  it('still accepts a link made after the last change', async () => {
    const older = await resetLink();
    expect((await useLink(older, 'eerste nieuwe wachtwoord')).status).toBe(204);
    const newer = await resetLink();

    expect((await useLink(newer, 'tweede nieuwe wachtwoord')).status).toBe(204);

    expect((await anonymous().signIn(DEELNEMER, 'tweede nieuwe wachtwoord')).status).toBe(200);
  });
});

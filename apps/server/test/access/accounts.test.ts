import { findUserByEmail } from '@klankbord/db';
import { describe, expect, it } from 'vitest';
import { ApiClient, signedIn } from '../api/support.ts';
import { tokens, useMembersServer } from '../programme/support.ts';
import { arrangeMember } from '../support/members.ts';

const ctx = useMembersServer();

const userIdOf = async (email: string) => (await findUserByEmail(ctx.server.db, email))!.id;

describe('acts on a whole account', () => {
  it('refuses the secretariaat of one network a reset link for someone who is also in a network it does not run', async () => {
    // Secretariaat of both networks (as the first account is), and a deelnemer of both.
    await arrangeMember(ctx.server.db, { email: 'eerste@example.nl', role: 'secretariaat' });
    await arrangeMember(ctx.server.db, { email: 'eerste@example.nl', role: 'secretariaat', network: 'elders' });
    await arrangeMember(ctx.server.db, { email: 'beide@example.nl', role: 'deelnemer' });
    await arrangeMember(ctx.server.db, { email: 'beide@example.nl', role: 'deelnemer', network: 'elders' });
    await arrangeMember(ctx.server.db, { email: 'alleen-elders@example.nl', role: 'deelnemer', network: 'elders' });
    const elders = ctx.api('elders');
    for (const email of ['eerste@example.nl', 'beide@example.nl']) {
      const response = await elders.post(`/api/networks/elders/members/${await userIdOf(email)}/password-reset`);
      expect(response.status, email).toBe(403);
    }
    // The person is only in the network it runs: it may.
    const own = await elders.post(
      `/api/networks/elders/members/${await userIdOf('alleen-elders@example.nl')}/password-reset`,
    );
    expect(own.status).toBe(200);
    // Who runs every network of the person may too.
    const first = await signedIn(ctx.server.httpUrl, 'eerste@example.nl');
    const both = await first.post(`/api/networks/elders/members/${await userIdOf('beide@example.nl')}/password-reset`);
    expect(both.status).toBe(200);
    // And the takeover itself fails: no link was made, so the first account's password still works.
    expect((await new ApiClient(ctx.server.httpUrl).signIn('eerste@example.nl')).status).toBe(200);
  });

  it('still refuses a reset for someone outside the network as not found', async () => {
    const response = await ctx
      .api('elders')
      .post(`/api/networks/elders/members/${await userIdOf('deelnemer@example.nl')}/password-reset`);
    expect(response.status).toBe(404);
    expect((await new ApiClient(ctx.server.httpUrl, tokens.elders).get('/api/networks/ngs/members')).status).toBe(404);
  });
});

import { findUserByEmail } from '@klankbord/db';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import { ApiClient, recordCloses, signedIn } from '../api/support.ts';
import { useMembersServer } from '../programme/support.ts';
import { openEventStream } from '../support/events.ts';
import { arrangeMember, TEST_PASSWORD } from '../support/members.ts';

const ctx = useMembersServer();

/** A message by this member in the discussion beside a voorbeeld; returns the thread's id. */
async function postMessage(token: string, body: string): Promise<number> {
  const example = await ctx.api('deelnemer').post('/api/networks/ngs/examples', { title: 'Gebiedsverbod' });
  const thread = await new ApiClient(ctx.server.httpUrl, token).get(
    `/api/threads?subject=example:${example.body.example.id}`,
  );
  const posted = await new ApiClient(ctx.server.httpUrl, token).post(`/api/threads/${thread.body.thread.id}/messages`, {
    body,
  });
  expect(posted.status).toBe(201);
  return thread.body.thread.id;
}

describe('removing a person from Klankbord (AVG)', () => {
  it('never removes one’s own account without the password: not with a token, not with a session alone', async () => {
    const token = 'kb_test-own-removal-0123456789';
    const { userId } = await arrangeMember(ctx.server.db, { email: 'blijft@example.nl', role: 'deelnemer', token });
    expect((await new ApiClient(ctx.server.httpUrl, token).delete(`/api/users/${userId}`)).status).toBe(403);
    expect(
      (
        await new ApiClient(ctx.server.httpUrl, token).request('DELETE', '/api/account', {
          json: { currentPassword: TEST_PASSWORD },
        })
      ).status,
    ).toBe(403);
    const browser = await signedIn(ctx.server.httpUrl, 'blijft@example.nl');
    expect((await browser.delete(`/api/users/${userId}`)).status).toBe(403);
    expect(await findUserByEmail(ctx.server.db, 'blijft@example.nl')).toBeDefined();
  });

  it('lets a person remove their own account with their password: what they opened ends, what they wrote stays', async () => {
    const token = 'kb_test-leaving-member-0123456789';
    await arrangeMember(ctx.server.db, { email: 'vertrekt@example.nl', role: 'deelnemer', token });
    const threadId = await postMessage(token, 'Werkt goed bij ons in Breda');
    const browser = await signedIn(ctx.server.httpUrl, 'vertrekt@example.nl');
    const socket = await ctx.pool.connect('notes:ngs:vertrek', token);
    const closes = recordCloses(socket);
    const stream = await openEventStream(ctx.server.httpUrl, 'ngs', token);
    let ended = false;
    void stream.ended.then(() => {
      ended = true;
    });

    expect((await browser.request('DELETE', '/api/account', { json: { currentPassword: 'fout' } })).status).toBe(400);
    const removed = await browser.request('DELETE', '/api/account', { json: { currentPassword: TEST_PASSWORD } });
    expect(removed.status).toBe(204);
    await waitFor(() => closes.includes(4403), 'the socket to end');
    await waitFor(() => ended, 'the event stream to end');
    expect(await findUserByEmail(ctx.server.db, 'vertrekt@example.nl')).toBeUndefined();
    expect((await browser.get('/api/auth/me')).status).toBe(401);
    expect((await new ApiClient(ctx.server.httpUrl).signIn('vertrekt@example.nl')).status).toBe(401);
    const thread = await ctx.server.db
      .selectFrom('messages')
      .select(['author_id', 'body'])
      .where('thread_id', '=', threadId)
      .execute();
    expect(thread).toEqual([{ author_id: null, body: 'Werkt goed bij ons in Breda' }]);
  });

  it('lets only whoever runs every network of that person remove them', async () => {
    const { userId } = await arrangeMember(ctx.server.db, { email: 'twee-netwerken@example.nl', role: 'deelnemer' });
    await arrangeMember(ctx.server.db, { email: 'twee-netwerken@example.nl', role: 'gast', network: 'elders' });
    expect((await ctx.api('elders').delete(`/api/users/${userId}`)).status).toBe(403);
    expect((await ctx.api('secretariaat').delete(`/api/users/${userId}`)).status).toBe(403);
    expect((await ctx.api('deelnemer').delete(`/api/users/${userId}`)).status).toBe(403);
    expect(await findUserByEmail(ctx.server.db, 'twee-netwerken@example.nl')).toBeDefined();
    // Someone only in ngs: its secretariaat may, signed in, and not with a script's token.
    const only = await arrangeMember(ctx.server.db, { email: 'alleen-ngs@example.nl', role: 'deelnemer' });
    expect((await ctx.api('secretariaat').delete(`/api/users/${only.userId}`)).status).toBe(403);
    const secretariaat = await signedIn(ctx.server.httpUrl, 'programma-sec@example.nl');
    expect((await secretariaat.delete(`/api/users/${only.userId}`)).status).toBe(204);
    expect(await findUserByEmail(ctx.server.db, 'alleen-ngs@example.nl')).toBeUndefined();
    // Nobody outside their networks learns they exist.
    expect(
      (await ctx.api('elders').delete(`/api/users/${(await findUserByEmail(ctx.server.db, 'gast@example.nl'))!.id}`))
        .status,
    ).toBe(404);
  });
});

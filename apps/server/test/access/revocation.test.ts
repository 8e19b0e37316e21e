import { createApiToken, findUserByEmail } from '@klankbord/db';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.ts';
import { ApiClient, recordCloses, signedIn } from '../api/support.ts';
import { tokens, useMembersServer } from '../programme/support.ts';
import { openEventStream } from '../support/events.ts';
import { arrangeMember } from '../support/members.ts';

const ctx = useMembersServer();

/** Resolves true once the server has ended the stream. */
const ends = (stream: { ended: Promise<void> }) => {
  let ended = false;
  void stream.ended.then(() => {
    ended = true;
  });
  return () => ended;
};

describe('one revocation ends every socket and event stream a credential opened', () => {
  it('ends the event stream of a session that signs out', async () => {
    await arrangeMember(ctx.server.db, { email: 'uitlog@example.nl', role: 'deelnemer' });
    const browser = await signedIn(ctx.server.httpUrl, 'uitlog@example.nl');
    const stream = await openEventStream(ctx.server.httpUrl, 'ngs', { session: browser.session! });
    expect(stream.status).toBe(200);
    const ended = ends(stream);
    expect((await browser.post('/api/auth/logout')).status).toBe(204);
    await waitFor(ended, 'the stream of the signed-out session to end');
  });

  it('ends the event streams of every session when a reset link sets a new password', async () => {
    await arrangeMember(ctx.server.db, { email: 'reset-stroom@example.nl', role: 'deelnemer' });
    const browser = await signedIn(ctx.server.httpUrl, 'reset-stroom@example.nl');
    const stream = await openEventStream(ctx.server.httpUrl, 'ngs', { session: browser.session! });
    const ended = ends(stream);
    const userId = (await findUserByEmail(ctx.server.db, 'reset-stroom@example.nl'))!.id;
    const link = await ctx.api('secretariaat').post(`/api/networks/ngs/members/${userId}/password-reset`);
    const secret = String(link.body.link).split('/').pop();
    const reset = await new ApiClient(ctx.server.httpUrl).post(`/api/password-resets/${secret}`, {
      password: 'een heel nieuw wachtwoord',
    });
    expect(reset.status).toBe(204);
    await waitFor(ended, 'the stream to end with the reset');
  });

  it('ends the stream and the sockets of a revoked API token, and keeps the others', async () => {
    await arrangeMember(ctx.server.db, { email: 'script@example.nl', role: 'deelnemer' });
    const browser = await signedIn(ctx.server.httpUrl, 'script@example.nl');
    const made = await browser.post('/api/tokens', { name: 'koppeling', expiresInDays: 30 });
    const token = made.body.secret as string;
    const stream = await openEventStream(ctx.server.httpUrl, 'ngs', token);
    const other = await openEventStream(ctx.server.httpUrl, 'ngs', tokens.deelnemer);
    const socket = await ctx.pool.connect('notes:ngs:token-stroom', token);
    const closes = recordCloses(socket);
    const ended = ends(stream);
    expect((await browser.delete(`/api/tokens/${made.body.token.id}`)).status).toBe(204);
    await waitFor(ended, 'the revoked token’s stream to end');
    await waitFor(() => closes.includes(4403), 'the revoked token’s socket to close for good');
    expect(ends(other)()).toBe(false);
    other.close();
  });

  it('ends a token’s stream and sockets when the token expires while they are open', async () => {
    const { userId } = await arrangeMember(ctx.server.db, { email: 'verloopt@example.nl', role: 'deelnemer' });
    const token = 'kb_test-expires-soon-0123456789';
    await createApiToken(ctx.server.db, {
      userId,
      name: 'kort',
      tokenHash: hashSecret(token),
      prefix: token.slice(0, 10),
      expiresAt: Date.now() + 1500,
    });
    const stream = await openEventStream(ctx.server.httpUrl, 'ngs', token);
    expect(stream.status).toBe(200);
    const socket = await ctx.pool.connect('notes:ngs:verloopt', token);
    const closes = recordCloses(socket);
    const ended = ends(stream);
    await waitFor(ended, 'the stream to end when the token expires', 10_000);
    await waitFor(() => closes.includes(4403), 'the socket to close when the token expires', 10_000);
    // Nothing written after expiry arrives: the token is refused from now on.
    expect((await new ApiClient(ctx.server.httpUrl, token).get('/api/auth/me')).status).toBe(401);
  });

  it('ends a member’s stream when they are removed from the network', async () => {
    const { userId } = await arrangeMember(ctx.server.db, {
      email: 'verwijderd-stroom@example.nl',
      role: 'deelnemer',
      token: 'kb_test-removed-stream-0123456789',
    });
    const stream = await openEventStream(ctx.server.httpUrl, 'ngs', 'kb_test-removed-stream-0123456789');
    const ended = ends(stream);
    expect((await ctx.api('secretariaat').delete(`/api/networks/ngs/members/${userId}`)).status).toBe(204);
    await waitFor(ended, 'the removed member’s stream to end');
  });
});

describe('bounds on event streams', () => {
  it('refuses a person more event streams than the cap, with 429', async () => {
    await arrangeMember(ctx.server.db, {
      email: 'veel@example.nl',
      role: 'gast',
      token: 'kb_test-many-streams-0123456789',
    });
    const cap = ctx.server.config.eventStreamsPerUser;
    const open = [];
    for (let i = 0; i < cap; i++)
      open.push(await openEventStream(ctx.server.httpUrl, 'ngs', 'kb_test-many-streams-0123456789'));
    expect(open.map((stream) => stream.status)).toEqual(open.map(() => 200));
    const refused = await openEventStream(ctx.server.httpUrl, 'ngs', 'kb_test-many-streams-0123456789');
    expect(refused.status).toBe(429);
    // Another person is counted on their own.
    const other = await openEventStream(ctx.server.httpUrl, 'ngs', tokens.gast);
    expect(other.status).toBe(200);
    for (const stream of [...open, other]) stream.close();
  });
});

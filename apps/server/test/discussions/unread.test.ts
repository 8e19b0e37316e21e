import { describe, expect, it } from 'vitest';
import { useCastServer } from '../support/use-server.ts';
import { arrangeCast, arrangeMeeting, type Member, openThread, post } from './support.ts';

const ctx = useCastServer(arrangeCast, { perTest: true });

async function unread(member: Member) {
  const response = await member.api.get('/api/networks/ngs/unread');
  expect(response.status).toBe(200);
  return response.body.threads;
}

describe('unread markers', () => {
  it('counts new messages for others, not for their author, and resets once read', async () => {
    const meeting = await arrangeMeeting(ctx.server.db, ctx.cast, 'live');
    const subject = `meeting:${meeting.id}`;
    const thread = await openThread(ctx.cast.deelnemer, subject);
    const first = await post(ctx.cast.deelnemer, thread.id, 'Eén');
    const second = await post(ctx.cast.deelnemer, thread.id, 'Twee');

    expect(await unread(ctx.cast.deelnemer)).toEqual([]);
    expect((await openThread(ctx.cast.deelnemer, subject)).unread).toBe(0);
    expect(await unread(ctx.cast.deelnemer2)).toEqual([
      { threadId: thread.id, subject, meetingId: meeting.id, unread: 2 },
    ]);
    expect((await openThread(ctx.cast.gast, subject)).unread).toBe(2);

    const read = await ctx.cast.deelnemer2.api.post(`/api/threads/${thread.id}/read`, { lastReadMessageId: second.id });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ unread: 0 });
    expect(await unread(ctx.cast.deelnemer2)).toEqual([]);
    // The gast has not read it yet.
    expect(await unread(ctx.cast.gast)).toEqual([{ threadId: thread.id, subject, meetingId: meeting.id, unread: 2 }]);

    // Answering marks the thread read for whoever answers; the first author now has one unread.
    const answer = await post(ctx.cast.deelnemer2, thread.id, 'Drie');
    expect(await unread(ctx.cast.deelnemer2)).toEqual([]);
    expect(await unread(ctx.cast.deelnemer)).toEqual([
      { threadId: thread.id, subject, meetingId: meeting.id, unread: 1 },
    ]);

    // A deleted message is no longer unread, and a read marker never moves back.
    expect((await ctx.cast.deelnemer2.api.delete(`/api/messages/${answer.id}`)).status).toBe(204);
    expect(await unread(ctx.cast.deelnemer)).toEqual([]);
    await ctx.cast.gast.api.post(`/api/threads/${thread.id}/read`, { lastReadMessageId: second.id });
    const back = await ctx.cast.gast.api.post(`/api/threads/${thread.id}/read`, { lastReadMessageId: first.id });
    expect(back.body).toEqual({ unread: 0 });
    expect(await unread(ctx.cast.gast)).toEqual([]);
  });

  it('refuses a read marker for a message of another thread, and lists only threads of meetings one may see', async () => {
    const live = await arrangeMeeting(ctx.server.db, ctx.cast, 'live');
    const preparing = await arrangeMeeting(ctx.server.db, ctx.cast, 'preparation');
    const open = await openThread(ctx.cast.klankbordgroep, `meeting:${live.id}`);
    const hidden = await openThread(ctx.cast.klankbordgroep, `meeting:${preparing.id}`);
    const inOpen = await post(ctx.cast.klankbordgroep, open.id, 'Zichtbaar voor iedereen');
    await post(ctx.cast.klankbordgroep, hidden.id, 'Alleen voor de voorbereiders');

    const wrong = await ctx.cast.secretariaat.api.post(`/api/threads/${hidden.id}/read`, {
      lastReadMessageId: inOpen.id,
    });
    expect({ status: wrong.status, body: wrong.body }).toEqual({
      status: 400,
      body: { error: 'invalid_input', fields: { lastReadMessageId: 'message.invalid' } },
    });

    expect((await unread(ctx.cast.secretariaat)).map((t: { threadId: number }) => t.threadId)).toEqual([
      open.id,
      hidden.id,
    ]);
    expect((await unread(ctx.cast.deelnemer)).map((t: { threadId: number }) => t.threadId)).toEqual([open.id]);
    expect((await ctx.cast.outsider.api.get('/api/networks/ngs/unread')).status).toBe(404);
  });
});

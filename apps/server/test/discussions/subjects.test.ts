import type { Meeting } from '@klankbord/db';
import { describe, expect, it } from 'vitest';
import { useCastServer } from '../support/use-server.ts';
import { arrangeCast, arrangeMeeting, countDiscussionRows, openThread, post } from './support.ts';

const ctx = useCastServer(arrangeCast, { perTest: true });

// Themes, statements and sessions are made directly in their tables: their own routes are tested elsewhere.
async function arrangeSubjects(meeting: Meeting): Promise<string[]> {
  const now = Date.now();
  const theme = await ctx.server.db
    .insertInto('themes')
    .values({
      meeting_id: meeting.id,
      title: 'Ondermijning',
      proposer_id: ctx.cast.klankbordgroep.id,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const statement = await ctx.server.db
    .insertInto('statements')
    .values({
      meeting_id: meeting.id,
      session_id: null,
      text: 'Carbid moet mogen',
      order_key: 'a0',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sessionId = `s${meeting.id}abcdefghijklmn`;
  await ctx.server.db
    .insertInto('meeting_sessions')
    .values({
      session_id: sessionId,
      meeting_id: meeting.id,
      item_id: 'item1',
      position: 0,
      topic: 'Jaarwisseling',
      facilitator: '',
      rapporteur: '',
      room: 'Zaal 1',
      rotation_minutes: 30,
    })
    .execute();
  return [`meeting:${meeting.id}`, `theme:${theme.id}`, `statement:${statement.id}`, `session:${sessionId}`];
}

describe('the subjects of discussions', () => {
  it('gives a meeting, a theme, a statement and a session each one thread of their own', async () => {
    const meeting = await arrangeMeeting(ctx.server.db, ctx.cast, 'live');
    const subjects = await arrangeSubjects(meeting);

    const threads = [];
    for (const subject of subjects) {
      const thread = await openThread(ctx.cast.deelnemer, subject);
      await post(ctx.cast.deelnemer, thread.id, `Over ${subject}`);
      // Opening it again, by someone else, finds the same thread.
      const again = await openThread(ctx.cast.deelnemer2, subject);
      expect(again.id).toBe(thread.id);
      expect(again.messages.map((m: { body: string }) => m.body)).toEqual([`Over ${subject}`]);
      threads.push(thread.id);
    }
    expect(new Set(threads).size).toBe(4);
    expect(await countDiscussionRows(ctx.server.db)).toMatchObject({ threads: 4, messages: 4 });

    const unread = (await ctx.cast.gast.api.get('/api/networks/ngs/unread')).body.threads;
    expect(unread.map((t: { subject: string; unread: number }) => [t.subject, t.unread])).toEqual(
      subjects.map((subject) => [subject, 1]),
    );
  });

  it("keeps the threads of a meeting's theme, statement and session as hidden as the meeting", async () => {
    const meeting = await arrangeMeeting(ctx.server.db, ctx.cast, 'preparation');
    const subjects = await arrangeSubjects(meeting);
    for (const subject of subjects) {
      expect((await ctx.cast.deelnemer.api.get(`/api/threads?subject=${subject}`)).status).toBe(404);
      expect((await ctx.cast.outsider.api.get(`/api/threads?subject=${subject}`)).status).toBe(404);
      await openThread(ctx.cast.klankbordgroep, subject);
    }
    expect((await ctx.cast.deelnemer.api.get('/api/threads?subject=session:bestaat-niet')).status).toBe(404);
    expect((await ctx.cast.deelnemer.api.get('/api/threads?subject=statement:999999')).status).toBe(404);
  });
});

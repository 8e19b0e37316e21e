import { addMessage } from '@klankbord/db';
import { describe, expect, it } from 'vitest';
import { useCastServer } from '../support/use-server.ts';
import { arrangeCast, arrangeMeeting, countDiscussionRows, openThread, post } from './support.ts';

const ctx = useCastServer(arrangeCast, { perTest: true });

async function auditEvents(event: string) {
  return ctx.server.db.selectFrom('audit_events').selectAll().where('event', '=', event).execute();
}

describe('who may do what in a discussion', () => {
  it('lets the author edit and delete their message, leaving a tombstone that keeps who deleted it', async () => {
    const meeting = await arrangeMeeting(ctx.server.db, ctx.cast, 'live');
    const thread = await openThread(ctx.cast.deelnemer, `meeting:${meeting.id}`);
    const message = await post(ctx.cast.deelnemer, thread.id, 'Eerste versie');

    const edited = await ctx.cast.deelnemer.api.patch(`/api/messages/${message.id}`, { body: 'Tweede versie' });
    expect(edited.status).toBe(200);
    expect(edited.body.message).toMatchObject({ id: message.id, body: 'Tweede versie', editedAt: expect.any(Number) });

    expect((await ctx.cast.deelnemer.api.delete(`/api/messages/${message.id}`)).status).toBe(204);
    const after = await openThread(ctx.cast.deelnemer2, `meeting:${meeting.id}`);
    expect(after.messages).toEqual([
      expect.objectContaining({ id: message.id, body: null, mentions: [], deletedBy: ctx.cast.deelnemer.id }),
    ]);
    const row = await ctx.server.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', message.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ body: '', deleted_by: ctx.cast.deelnemer.id, deleted_at: expect.any(Number) });
    // A deleted message can be neither edited nor deleted again.
    expect((await ctx.cast.deelnemer.api.patch(`/api/messages/${message.id}`, { body: 'Terug' })).status).toBe(409);
    expect((await ctx.cast.deelnemer.api.delete(`/api/messages/${message.id}`)).status).toBe(409);
    // The author deleting their own message is no moderation.
    expect(await auditEvents('message.moderated')).toEqual([]);
  });

  it("refuses another member's edit and deletion with 403, but lets the secretariaat moderate, audited", async () => {
    const meeting = await arrangeMeeting(ctx.server.db, ctx.cast, 'published');
    const thread = await openThread(ctx.cast.deelnemer, `meeting:${meeting.id}`);
    const message = await post(ctx.cast.deelnemer, thread.id, 'Iets ongepasts');

    for (const member of [ctx.cast.deelnemer2, ctx.cast.klankbordgroep, ctx.cast.gast]) {
      expect((await member.api.patch(`/api/messages/${message.id}`, { body: 'Overgenomen' })).status).toBe(403);
      expect((await member.api.delete(`/api/messages/${message.id}`)).status).toBe(403);
    }
    // Moderation removes; it never rewrites someone's words.
    expect((await ctx.cast.secretariaat.api.patch(`/api/messages/${message.id}`, { body: 'Anders' })).status).toBe(403);
    expect((await openThread(ctx.cast.deelnemer, `meeting:${meeting.id}`)).messages[0].body).toBe('Iets ongepasts');

    expect((await ctx.cast.secretariaat.api.delete(`/api/messages/${message.id}`)).status).toBe(204);
    const after = await openThread(ctx.cast.deelnemer, `meeting:${meeting.id}`);
    expect(after.messages[0]).toMatchObject({
      body: null,
      deletedBy: ctx.cast.secretariaat.id,
      authorId: ctx.cast.deelnemer.id,
    });
    const moderated = await auditEvents('message.moderated');
    expect(moderated).toHaveLength(1);
    expect(moderated[0]).toMatchObject({ actor_id: ctx.cast.secretariaat.id, subject: `message:${message.id}` });
    expect(JSON.parse(moderated[0]!.detail)).toMatchObject({ authorId: ctx.cast.deelnemer.id, threadId: thread.id });
  });

  it('lets a gast read a discussion but not post to it', async () => {
    const meeting = await arrangeMeeting(ctx.server.db, ctx.cast, 'live');
    const thread = await openThread(ctx.cast.deelnemer, `meeting:${meeting.id}`);
    await post(ctx.cast.deelnemer, thread.id, 'Welkom allemaal');
    const before = await countDiscussionRows(ctx.server.db);

    const refused = await ctx.cast.gast.api.post(`/api/threads/${thread.id}/messages`, { body: 'Mag ik ook?' });

    expect(refused.status).toBe(403);
    expect(await countDiscussionRows(ctx.server.db)).toEqual(before);
    expect((await openThread(ctx.cast.gast, `meeting:${meeting.id}`)).messages).toEqual([
      expect.objectContaining({ body: 'Welkom allemaal' }),
    ]);
  });

  it('hides the discussion of a meeting in preparation from deelnemers and outsiders with 404', async () => {
    const meeting = await arrangeMeeting(ctx.server.db, ctx.cast, 'preparation');
    const thread = await openThread(ctx.cast.klankbordgroep, `meeting:${meeting.id}`);
    const message = await post(ctx.cast.klankbordgroep, thread.id, 'Voorstel: ondermijning als thema');

    for (const member of [ctx.cast.deelnemer, ctx.cast.gast, ctx.cast.outsider]) {
      expect((await member.api.get(`/api/threads?subject=meeting:${meeting.id}`)).status).toBe(404);
      expect((await member.api.post(`/api/threads/${thread.id}/messages`, { body: 'hallo' })).status).toBe(404);
      expect((await member.api.post(`/api/threads/${thread.id}/read`, { lastReadMessageId: message.id })).status).toBe(
        404,
      );
      expect((await member.api.patch(`/api/messages/${message.id}`, { body: 'x' })).status).toBe(404);
      expect((await member.api.delete(`/api/messages/${message.id}`)).status).toBe(404);
    }
    expect((await ctx.cast.deelnemer.api.get('/api/networks/ngs/unread')).body).toEqual({ threads: [] });
    expect((await ctx.cast.klankbordgroep.api.get(`/api/threads?subject=meeting:${meeting.id}`)).status).toBe(200);
  });

  it('answers 404 for a subject that does not exist and 400 for one that cannot', async () => {
    expect((await ctx.cast.deelnemer.api.get('/api/threads?subject=meeting:999999')).status).toBe(404);
    expect((await ctx.cast.deelnemer.api.get('/api/threads?subject=theme:999999')).status).toBe(404);
    for (const subject of ['report:1', 'meeting:', 'meeting', 'meeting:1:2']) {
      const response = await ctx.cast.deelnemer.api.get(`/api/threads?subject=${encodeURIComponent(subject)}`);
      expect({ subject, status: response.status, body: response.body }).toEqual({
        subject,
        status: 400,
        body: { error: 'invalid_input', fields: { subject: 'subject.invalid' } },
      });
    }
    expect((await ctx.cast.deelnemer.api.get('/api/threads')).status).toBe(400);
    expect(await countDiscussionRows(ctx.server.db)).toEqual({ threads: 0, messages: 0, reads: 0 });
  });

  it('closes the discussion for posting once the meeting is closed, while the secretariaat can still moderate', async () => {
    const meeting = await arrangeMeeting(ctx.server.db, ctx.cast, 'reporting');
    const thread = await openThread(ctx.cast.deelnemer, `meeting:${meeting.id}`);
    const message = await post(ctx.cast.deelnemer, thread.id, 'Dank voor de dag');
    await ctx.server.db.updateTable('meetings').set({ status: 'closed' }).where('id', '=', meeting.id).execute();

    expect(
      (await ctx.cast.deelnemer.api.post(`/api/threads/${thread.id}/messages`, { body: 'Nog één ding' })).status,
    ).toBe(403);
    expect((await ctx.cast.deelnemer.api.patch(`/api/messages/${message.id}`, { body: 'Dank!' })).status).toBe(403);
    expect((await ctx.cast.secretariaat.api.delete(`/api/messages/${message.id}`)).status).toBe(204);
  });

  it('accepts mentions of members and refuses mentions of anyone else with 400, storing nothing', async () => {
    const meeting = await arrangeMeeting(ctx.server.db, ctx.cast, 'live');
    const thread = await openThread(ctx.cast.deelnemer, `meeting:${meeting.id}`);

    const accepted = await post(ctx.cast.deelnemer, thread.id, '@joost en @gast: doen jullie mee?', [
      ctx.cast.deelnemer2.id,
      ctx.cast.gast.id,
    ]);
    expect(accepted.mentions).toEqual([ctx.cast.deelnemer2.id, ctx.cast.gast.id]);

    const before = await countDiscussionRows(ctx.server.db);
    for (const mentions of [[ctx.cast.outsider.id], [ctx.cast.deelnemer2.id, 999999]]) {
      const refused = await ctx.cast.deelnemer.api.post(`/api/threads/${thread.id}/messages`, {
        body: 'hoi',
        mentions,
      });
      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 400,
        body: { error: 'invalid_input', fields: { mentions: 'mentions.invalid' } },
      });
      const edit = await ctx.cast.deelnemer.api.patch(`/api/messages/${accepted.id}`, { body: 'hoi', mentions });
      expect(edit.status).toBe(400);
    }
    expect(await countDiscussionRows(ctx.server.db)).toEqual(before);
    expect((await openThread(ctx.cast.deelnemer, `meeting:${meeting.id}`)).messages[0].body).toBe(
      '@joost en @gast: doen jullie mee?',
    );
  });
});

describe('a long discussion', () => {
  it('opens on the newest 200 messages and pages back with ?before', async () => {
    const meeting = await arrangeMeeting(ctx.server.db, ctx.cast, 'live');
    const subject = `meeting:${meeting.id}`;
    const thread = await openThread(ctx.cast.deelnemer, subject);
    for (let i = 1; i <= 205; i++) {
      await addMessage(ctx.server.db, {
        threadId: thread.id,
        authorId: ctx.cast.deelnemer.id,
        body: `bericht ${i}`,
        mentions: [],
      });
    }

    const first = await ctx.cast.deelnemer2.api.get(`/api/threads?subject=${subject}`);
    expect(first.body.more).toBe(true);
    expect(first.body.messages).toHaveLength(200);
    expect(first.body.messages[0].body).toBe('bericht 6');
    expect(first.body.messages.at(-1).body).toBe('bericht 205');

    const older = await ctx.cast.deelnemer2.api.get(
      `/api/threads?subject=${subject}&before=${first.body.messages[0].id}`,
    );
    expect(older.body.more).toBe(false);
    expect(older.body.messages.map((m: { body: string }) => m.body)).toEqual(
      [1, 2, 3, 4, 5].map((i) => `bericht ${i}`),
    );
  });
});

import { createReportComment } from '@klankbord/db';
import {
  COMMENTS_PER_AUTHOR_MAX,
  encodeAnchorPosition,
  type MeetingStatus,
  type Role,
  reportDocumentName,
  reportFragment,
} from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import type { Client } from '../support/clients.ts';
import { refuseInserts } from '../support/database.ts';
import { openEventStream } from '../support/events.ts';
import { reportText, writeParagraph } from './support.ts';

const ctx = useMembersServer();
const { pool, api } = ctx;
const roles: Role[] = ['secretariaat', 'klankbordgroep', 'deelnemer', 'gast'];
const SENTENCE = 'De gemeenten delen hun aanpak. Zij spreken af elkaar te bellen.';

/** The first paragraph's text of a client's report. */
function firstParagraph(client: Client): Y.XmlText {
  return (reportFragment(client.doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** An anchor on the words `words` of the client's first paragraph, as the web editor makes it. */
function anchorOn(client: Client, words: string) {
  const text = firstParagraph(client);
  const from = text.toString().indexOf(words);
  if (from < 0) throw new Error(`"${words}" is not in the report`);
  const at = (index: number) => encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, index));
  return { anchor: { start: at(from), end: at(from + words.length) }, quote: words };
}

/** The words an anchor covers now in a client's copy of the report. */
function wordsAt(client: Client, anchor: { start: string; end: string }): string {
  const [start, end] = [anchor.start, anchor.end].map((encoded) => {
    const bytes = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
    const position = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(bytes), client.doc);
    if (!position) throw new Error('the anchor does not resolve');
    return position.index;
  });
  return firstParagraph(client).toString().slice(start, end);
}

/** A meeting in a status, its report holding SENTENCE written by the secretariaat's stock client. */
async function meetingWithReport(status: MeetingStatus = 'reporting') {
  const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
  await moveMeeting(ctx.server.db, meetingId, 'live');
  const name = reportDocumentName('ngs', meetingId);
  const writer = await pool.connect(name, tokens.secretariaat);
  writeParagraph(writer.doc, SENTENCE);
  const reader = await pool.connect(name, tokens.secretariaat);
  await waitFor(() => reportText(reader) === SENTENCE, 'the paragraph to be stored');
  await moveMeeting(ctx.server.db, meetingId, status);
  return { meetingId, name, writer };
}

async function count(table: 'report_comments' | 'threads' | 'messages'): Promise<number> {
  const row = await ctx.server.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const commentsOf = (meetingId: number) => `/api/meetings/${meetingId}/report/comments`;

describe('comments on the verslag', () => {
  it('follows the matrix: who lists, adds and resolves comments while live and while reporting', async () => {
    const expected: Record<'live' | 'reporting', Record<Role, { list: number; create: number; resolve: number }>> = {
      live: {
        secretariaat: { list: 200, create: 201, resolve: 200 },
        klankbordgroep: { list: 200, create: 403, resolve: 403 },
        deelnemer: { list: 403, create: 403, resolve: 403 },
        gast: { list: 403, create: 403, resolve: 403 },
      },
      reporting: {
        secretariaat: { list: 200, create: 201, resolve: 200 },
        klankbordgroep: { list: 200, create: 201, resolve: 200 },
        deelnemer: { list: 200, create: 201, resolve: 200 },
        gast: { list: 403, create: 403, resolve: 403 },
      },
    };
    const actual: typeof expected = { live: {} as never, reporting: {} as never };
    for (const status of ['live', 'reporting'] as const) {
      const { meetingId, writer } = await meetingWithReport(status);
      for (const role of roles) {
        // Each role resolves a comment of the secretariaat's, so that a refusal is not a 409.
        const own = await api('secretariaat').post(commentsOf(meetingId), {
          ...anchorOn(writer, 'gemeenten'),
          body: 'Van het secretariaat',
        });
        const list = await api(role).get(commentsOf(meetingId));
        const create = await api(role).post(commentsOf(meetingId), { ...anchorOn(writer, 'aanpak'), body: role });
        const resolve = await api(role).post(`/api/report-comments/${own.body.comment.id}/resolve`);
        actual[status][role] = { list: list.status, create: create.status, resolve: resolve.status };
      }
      pool.destroyAll();
    }
    expect(actual).toEqual(expected);
  });

  it('stores a comment with its text as the first message of its thread, and lists it', async () => {
    const { meetingId, writer } = await meetingWithReport();
    const created = await api('klankbordgroep').post(commentsOf(meetingId), {
      ...anchorOn(writer, 'delen hun aanpak'),
      quote: '  delen   hun aanpak ',
      body: 'Welke aanpak?\r\nGraag een voorbeeld.',
    });
    expect(created.status).toBe(201);
    const comment = created.body.comment;
    expect(comment).toEqual(
      expect.objectContaining({
        quote: 'delen hun aanpak',
        body: 'Welke aanpak?\nGraag een voorbeeld.',
        author: { id: expect.any(Number), name: 'programma-kbg' },
        resolved: null,
        replies: 0,
      }),
    );
    const list = await api('deelnemer').get(commentsOf(meetingId));
    expect(list.body.comments).toEqual([comment]);
    const thread = await api('deelnemer').get(`/api/threads?subject=comment:${comment.id}`);
    expect(thread.status).toBe(200);
    expect(thread.body.thread.id).toBe(comment.threadId);
    expect(thread.body.messages.map((m: { body: string }) => m.body)).toEqual(['Welke aanpak?\nGraag een voorbeeld.']);
    const reply = await api('deelnemer').post(`/api/threads/${comment.threadId}/messages`, { body: 'Zie bijlage' });
    expect(reply.status).toBe(201);
    expect((await api('secretariaat').get(commentsOf(meetingId))).body.comments[0].replies).toBe(1);
  });

  it('keeps comment threads from a gast, and from a deelnemer while the draft is not theirs to read', async () => {
    const { meetingId, writer } = await meetingWithReport('live');
    const { comment } = (
      await api('secretariaat').post(commentsOf(meetingId), { ...anchorOn(writer, 'bellen'), body: 'Wie belt?' })
    ).body;
    const subject = `/api/threads?subject=comment:${comment.id}`;
    // Live: the klankbordgroep reads the draft but may not comment; the deelnemer does not see it at all.
    expect((await api('klankbordgroep').get(subject)).status).toBe(200);
    expect((await api('klankbordgroep').post(`/api/threads/${comment.threadId}/messages`, { body: 'x' })).status).toBe(
      403,
    );
    expect((await api('deelnemer').get(subject)).status).toBe(404);
    expect((await api('deelnemer').post(`/api/threads/${comment.threadId}/messages`, { body: 'x' })).status).toBe(404);

    await moveMeeting(ctx.server.db, meetingId, 'reporting');
    expect((await api('deelnemer').get(subject)).status).toBe(200);
    const reply = await api('deelnemer').post(`/api/threads/${comment.threadId}/messages`, { body: 'Ik bel' });
    expect(reply.status).toBe(201);
    expect((await api('gast').get(subject)).status).toBe(404);
    expect((await api('gast').post(`/api/threads/${comment.threadId}/messages`, { body: 'x' })).status).toBe(404);
    expect((await api('gast').patch(`/api/messages/${reply.body.message.id}`, { body: 'x' })).status).toBe(404);
    expect(
      (await api('gast').post(`/api/threads/${comment.threadId}/read`, { lastReadMessageId: reply.body.message.id }))
        .status,
    ).toBe(404);
    // The gast's unread list does not show the thread; the klankbordgroep's does.
    const unread = (who: keyof typeof tokens) =>
      api(who)
        .get('/api/networks/ngs/unread')
        .then((r) => r.body.threads.map((t: { threadId: number }) => t.threadId));
    expect(await unread('gast')).not.toContain(comment.threadId);
    expect(await unread('klankbordgroep')).toContain(comment.threadId);
  });

  it('refuses bad input with a clear error and stores nothing', async () => {
    const { meetingId, writer } = await meetingWithReport();
    const other = await meetingWithReport();
    const before = await Promise.all([count('report_comments'), count('threads'), count('messages')]);
    const good = { ...anchorOn(writer, 'aanpak'), body: 'Goed' };
    const post = (json: unknown) => api('secretariaat').post(commentsOf(meetingId), json);

    const garbage = await post({ ...good, anchor: { start: 'niet-base64!', end: good.anchor.end } });
    expect(garbage.status).toBe(400);
    expect(garbage.body.fields).toEqual({ 'anchor.start': 'anchor.invalid' });
    expect((await post({ ...good, anchor: 'x' })).body.fields).toEqual({ anchor: 'anchor.invalid' });
    const foreign = await post({ ...good, ...anchorOn(other.writer, 'aanpak') });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual({ error: 'invalid_input', fields: { anchor: 'anchor.invalid' } });
    expect((await post({ ...good, body: '   ' })).body.fields).toEqual({ body: 'body.required' });
    expect((await post({ ...good, body: 'x'.repeat(4001) })).body.fields).toEqual({ body: 'body.tooLong' });
    expect((await post({ ...good, quote: '' })).body.fields).toEqual({ quote: 'quote.required' });
    expect((await post({ ...good, quote: 'x'.repeat(1001) })).body.fields).toEqual({ quote: 'quote.tooLong' });
    expect((await api('secretariaat').post(commentsOf(999999), good)).status).toBe(404);
    // Another network's secretariaat neither sees nor changes this network's comments.
    expect((await api('elders').post(commentsOf(meetingId), good)).status).toBe(404);
    expect(await Promise.all([count('report_comments'), count('threads'), count('messages')])).toEqual(before);

    const { comment } = (await post(good)).body;
    expect((await api('elders').post(`/api/report-comments/${comment.id}/resolve`)).status).toBe(404);
    expect((await api('secretariaat').post('/api/report-comments/999999/resolve')).status).toBe(404);
    expect((await api('secretariaat').post('/api/report-comments/abc/resolve')).status).toBe(400);
  });

  it('leaves nothing half-made when the first message cannot be stored', async () => {
    const { meetingId, writer } = await meetingWithReport();
    const before = await Promise.all([count('report_comments'), count('threads'), count('messages')]);
    const restore = await refuseInserts(ctx.server.db, 'messages');
    try {
      const response = await api('secretariaat').post(commentsOf(meetingId), {
        ...anchorOn(writer, 'aanpak'),
        body: 'Gaat mis',
      });
      expect(response.status).toBe(500);
    } finally {
      await restore();
    }
    expect(await Promise.all([count('report_comments'), count('threads'), count('messages')])).toEqual(before);
  });

  it('takes at most the cap of comments per person, resolved ones counted, and stores nothing past it', async () => {
    const { meetingId, writer } = await meetingWithReport();
    const post = (who: 'deelnemer' | 'klankbordgroep', words: string) =>
      api(who).post(commentsOf(meetingId), { ...anchorOn(writer, words), body: `Over ${words}` });
    const { comment: first } = (await post('deelnemer', 'aanpak')).body;
    // Straight into the database up to one below the cap: posting them one by one would only be slower.
    for (let i = 2; i < COMMENTS_PER_AUTHOR_MAX; i++) {
      await createReportComment(ctx.server.db, {
        networkId: ctx.ngs.networkId,
        meetingId,
        anchor: first.anchor,
        quote: first.quote,
        body: `Opmerking ${i}`,
        authorId: first.author.id,
      });
    }
    // Several at once with room for one: the count and the insert are one step, so exactly one gets through.
    const words = ['gemeenten', 'delen', 'spreken', 'elkaar', 'bellen'];
    const all = await Promise.all(words.map((word) => post('deelnemer', word)));
    expect(all.map((response) => response.status).toSorted()).toEqual([201, 429, 429, 429, 429]);

    // A resolved comment still counts: resolving is not a way to make room.
    expect((await api('secretariaat').post(`/api/report-comments/${first.id}/resolve`)).status).toBe(200);
    const before = await Promise.all([count('report_comments'), count('threads'), count('messages')]);
    const refused = await post('deelnemer', 'aanpak');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'comment.tooMany' });
    expect(await Promise.all([count('report_comments'), count('threads'), count('messages')])).toEqual(before);
    const listed = (await api('secretariaat').get(commentsOf(meetingId))).body.comments;
    expect(listed).toHaveLength(COMMENTS_PER_AUTHOR_MAX);
    // The cap is per person: another member still comments.
    expect((await post('klankbordgroep', 'aanpak')).status).toBe(201);
  });

  it('refuses new comments on a finalised verslag but still takes replies, resolving and re-opening', async () => {
    const { meetingId, writer } = await meetingWithReport();
    const { comment } = (
      await api('klankbordgroep').post(commentsOf(meetingId), { ...anchorOn(writer, 'aanpak'), body: 'Eerder' })
    ).body;
    expect((await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, {})).status).toBe(200);
    const before = await Promise.all([count('report_comments'), count('threads'), count('messages')]);
    const refused = await api('klankbordgroep').post(commentsOf(meetingId), {
      ...anchorOn(writer, 'bellen'),
      body: 'Te laat',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('report.finalised');
    expect(await Promise.all([count('report_comments'), count('threads'), count('messages')])).toEqual(before);
    expect((await api('deelnemer').post(`/api/threads/${comment.threadId}/messages`, { body: 'Nog dit' })).status).toBe(
      201,
    );
    expect((await api('deelnemer').post(`/api/report-comments/${comment.id}/resolve`)).status).toBe(200);
    expect((await api('deelnemer').post(`/api/report-comments/${comment.id}/reopen`)).status).toBe(200);
  });

  it('resolves and re-opens a comment, saying who resolved it, and refuses what would change nothing', async () => {
    const { meetingId, writer } = await meetingWithReport();
    const { comment } = (
      await api('deelnemer').post(commentsOf(meetingId), { ...anchorOn(writer, 'aanpak'), body: 'Klopt dit?' })
    ).body;
    const reopenOpen = await api('secretariaat').post(`/api/report-comments/${comment.id}/reopen`);
    expect(reopenOpen.status).toBe(409);
    expect(reopenOpen.body.error).toBe('comment.notResolved');

    const resolved = await api('klankbordgroep').post(`/api/report-comments/${comment.id}/resolve`);
    expect(resolved.status).toBe(200);
    expect(resolved.body.comment.resolved).toEqual({
      at: expect.any(Number),
      by: { id: expect.any(Number), name: 'programma-kbg' },
    });
    const again = await api('secretariaat').post(`/api/report-comments/${comment.id}/resolve`);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('comment.alreadyResolved');
    expect((await api('deelnemer').get(commentsOf(meetingId))).body.comments[0].resolved).not.toBeNull();

    const reopened = await api('secretariaat').post(`/api/report-comments/${comment.id}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body.comment.resolved).toBeNull();
    expect((await api('deelnemer').get(commentsOf(meetingId))).body.comments[0].resolved).toBeNull();
  });

  it('tells whoever may read the draft about new, resolved and re-opened comments, live', async () => {
    const { meetingId, writer } = await meetingWithReport('live');
    const [kbg, deelnemer] = await Promise.all([
      openEventStream(ctx.server.httpUrl, 'ngs', tokens.klankbordgroep),
      openEventStream(ctx.server.httpUrl, 'ngs', tokens.deelnemer),
    ]);
    try {
      for (const stream of [kbg, deelnemer])
        await waitFor(() => stream.events.some((e) => e.event === 'ready'), 'the ready event');
      const { comment } = (
        await api('secretariaat').post(commentsOf(meetingId), { ...anchorOn(writer, 'aanpak'), body: 'Live' })
      ).body;
      await api('secretariaat').post(`/api/report-comments/${comment.id}/resolve`);
      await api('secretariaat').post(`/api/report-comments/${comment.id}/reopen`);
      const types = ['comment.created', 'comment.resolved', 'comment.reopened'];
      await waitFor(() => types.every((type) => kbg.events.some((e) => e.event === type)), 'the comment events');
      const created = kbg.events.find((e) => e.event === 'comment.created');
      expect(created?.data).toEqual({ type: 'comment.created', meetingId, comment });
      // The deelnemer may not read the draft while the meeting is live: a marker event sent after the
      // comment events has arrived, and none of the comment events before it.
      await api('secretariaat').post(`/api/threads/${comment.threadId}/messages`, { body: 'Antwoord' });
      await waitFor(() => kbg.events.some((e) => e.event === 'message.created'), 'the reply event');
      await moveMeeting(ctx.server.db, meetingId, 'reporting');
      const { comment: second } = (
        await api('secretariaat').post(commentsOf(meetingId), { ...anchorOn(writer, 'bellen'), body: 'Nu wel' })
      ).body;
      await waitFor(() => deelnemer.events.some((e) => e.event === 'comment.created'), 'the reporting event');
      expect(deelnemer.events.filter((e) => e.event.startsWith('comment.') || e.event === 'message.created')).toEqual([
        { event: 'comment.created', data: { type: 'comment.created', meetingId, comment: second } },
      ]);
    } finally {
      kbg.close();
      deelnemer.close();
    }
  });

  it("keeps a comment's anchor on the same words while text is written before and inside the paragraph", async () => {
    const { meetingId, writer, name } = await meetingWithReport();
    const { comment } = (
      await api('klankbordgroep').post(commentsOf(meetingId), {
        ...anchorOn(writer, 'Zij spreken af'),
        body: 'Wat precies?',
      })
    ).body;
    firstParagraph(writer).insert(0, 'Samenvatting: ');
    firstParagraph(writer).insert(firstParagraph(writer).length, ' Tot slot koffie.');
    const reader = await pool.connect(name, tokens.deelnemer);
    await waitFor(() => reportText(reader).startsWith('Samenvatting: '), 'the edit to arrive');
    await waitFor(() => reportText(reader).endsWith('koffie.'), 'the second edit to arrive');
    const { comments } = (await api('deelnemer').get(commentsOf(meetingId))).body;
    expect(wordsAt(reader, comments[0].anchor)).toBe('Zij spreken af');
    expect(comments[0].anchor).toEqual(comment.anchor);
  });
});

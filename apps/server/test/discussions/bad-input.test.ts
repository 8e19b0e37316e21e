import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../api/support.ts';
import { useCastServer } from '../support/use-server.ts';
import { arrangeCast, arrangeMeeting, countDiscussionRows, openThread, post } from './support.ts';

const ctx = useCastServer(arrangeCast, { perTest: true });
let threadId: number;
let subject: string;
let existing: { id: number; body: string };

beforeEach(async () => {
  const meeting = await arrangeMeeting(ctx.server.db, ctx.cast, 'live');
  subject = `meeting:${meeting.id}`;
  threadId = (await openThread(ctx.cast.deelnemer, subject)).id;
  existing = await post(ctx.cast.deelnemer, threadId, 'Het bestaande bericht');
});

afterEach(async () => {
  // Whatever a test threw at it, the server still answers.
  expect((await fetch(`${ctx.server.httpUrl}/healthz`)).status).toBe(200);
});

function expectFieldError(response: ApiResponse, field: string, key: string): void {
  expect({ status: response.status, body: response.body }).toEqual({
    status: 400,
    body: { error: 'invalid_input', fields: expect.objectContaining({ [field]: key }) },
  });
}

/** Sends the same bad message as a new post and as an edit; neither may change a row. */
async function refusesEverywhere(json: unknown, check: (response: ApiResponse) => void): Promise<void> {
  const before = await countDiscussionRows(ctx.server.db);
  check(await ctx.cast.deelnemer.api.post(`/api/threads/${threadId}/messages`, json));
  check(await ctx.cast.deelnemer.api.patch(`/api/messages/${existing.id}`, json));
  expect(await countDiscussionRows(ctx.server.db)).toEqual(before);
  const stored = await ctx.server.db
    .selectFrom('messages')
    .select(['body', 'edited_at'])
    .where('id', '=', existing.id)
    .executeTakeFirstOrThrow();
  expect(stored).toEqual({ body: 'Het bestaande bericht', edited_at: null });
}

describe('bad input to discussions', () => {
  it('refuses an empty or blank body', async () => {
    for (const body of ['', '   \n\t ']) {
      await refusesEverywhere({ body }, (response) => expectFieldError(response, 'body', 'body.required'));
    }
    await refusesEverywhere({}, (response) => expectFieldError(response, 'body', 'body.required'));
    await refusesEverywhere({ body: 42 }, (response) => expect(response.status).toBe(400));
  });

  it('refuses a body of 4,001 characters and takes one of 4,000', async () => {
    await refusesEverywhere({ body: 'x'.repeat(4001) }, (response) =>
      expectFieldError(response, 'body', 'body.tooLong'),
    );
    const longest = await post(ctx.cast.deelnemer, threadId, 'y'.repeat(4000));
    expect(longest.body).toHaveLength(4000);
  });

  it('refuses a 1 MB message with 413', async () => {
    const raw = JSON.stringify({ body: 'x'.repeat(1024 * 1024) });
    const before = await countDiscussionRows(ctx.server.db);
    const posted = await ctx.cast.deelnemer.api.request('POST', `/api/threads/${threadId}/messages`, { raw });
    expect(posted.status).toBe(413);
    const edited = await ctx.cast.deelnemer.api.request('PATCH', `/api/messages/${existing.id}`, { raw });
    expect(edited.status).toBe(413);
    expect(await countDiscussionRows(ctx.server.db)).toEqual(before);
  });

  it('refuses control characters other than newline and tab', async () => {
    for (const body of ['null\u0000byte', 'escape\u001b[31mrood', 'bel\u0007', 'delete\u007f']) {
      await refusesEverywhere({ body }, (response) => expectFieldError(response, 'body', 'body.invalid'));
    }
    const lines = await post(ctx.cast.deelnemer, threadId, 'regel één\n\tregel twee');
    expect(lines.body).toBe('regel één\n\tregel twee');
  });

  it('stores HTML and script verbatim and returns it as plain JSON text', async () => {
    const body = '<script>alert("x")</script><img src=x onerror=alert(1)> <a href="javascript:alert(1)">klik</a>';
    const message = await post(ctx.cast.deelnemer, threadId, body);

    const response = await fetch(`${ctx.server.httpUrl}/api/threads?subject=${subject}`, {
      headers: { authorization: `Bearer ${ctx.cast.deelnemer2.api.token}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const json = (await response.json()) as { messages: { id: number; body: string }[] };
    expect(json.messages.find((m) => m.id === message.id)?.body).toBe(body);
    const row = await ctx.server.db
      .selectFrom('messages')
      .select('body')
      .where('id', '=', message.id)
      .executeTakeFirstOrThrow();
    expect(row.body).toBe(body);
  });

  it('refuses malformed JSON, odd ids and unknown threads without storing anything', async () => {
    const before = await countDiscussionRows(ctx.server.db);
    const malformed = await ctx.cast.deelnemer.api.request('POST', `/api/threads/${threadId}/messages`, {
      raw: '{"body":',
    });
    expect(malformed.status).toBe(400);
    expect((await ctx.cast.deelnemer.api.post('/api/threads/abc/messages', { body: 'hoi' })).status).toBe(400);
    expect((await ctx.cast.deelnemer.api.post('/api/threads/999999/messages', { body: 'hoi' })).status).toBe(404);
    expect((await ctx.cast.deelnemer.api.patch('/api/messages/999999', { body: 'hoi' })).status).toBe(404);
    expect((await ctx.cast.deelnemer.api.delete('/api/messages/-1')).status).toBe(400);
    expectFieldError(
      await ctx.cast.deelnemer.api.post(`/api/threads/${threadId}/messages`, { body: 'hoi', mentions: 'iedereen' }),
      'mentions',
      'mentions.invalid',
    );
    expectFieldError(
      await ctx.cast.deelnemer.api.post(`/api/threads/${threadId}/messages`, {
        body: 'hoi',
        mentions: Array.from({ length: 21 }, (_, i) => i + 1),
      }),
      'mentions',
      'mentions.tooMany',
    );
    expect(await countDiscussionRows(ctx.server.db)).toEqual(before);
  });
});

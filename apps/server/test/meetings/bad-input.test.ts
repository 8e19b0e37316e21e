import { describe, expect, it } from 'vitest';
import { type ApiResponse, countRows } from '../api/support.ts';
import { useCastServer } from '../support/use-server.ts';
import { arrangeCast, meetingBody, meetingIn, statementIn, themeIn } from './fixtures.ts';

const ctx = useCastServer(arrangeCast);

/** A 400 naming the field and its problem, as the web app shows it next to the field. */
function expectFieldError(response: ApiResponse, field: string, key: string): void {
  expect({ status: response.status, body: response.body }).toEqual({
    status: 400,
    body: { error: 'invalid_input', fields: expect.objectContaining({ [field]: key }) },
  });
}

const SCRIPT_TITLE = '<script>alert("x")</script><b>Netwerkdag</b> & meer';

describe('bad input for meetings', () => {
  const refusedMeetings: [string, Record<string, unknown>, string, string][] = [
    ['an empty title', { title: '' }, 'title', 'title.required'],
    ['a title of only spaces', { title: '   ' }, 'title', 'title.required'],
    ['a missing title', { title: undefined }, 'title', 'title.invalid'],
    ['a title over 200 characters', { title: 'x'.repeat(201) }, 'title', 'title.tooLong'],
    ['a date that does not exist', { dates: ['2025-02-30'] }, 'dates.0', 'date.invalid'],
    ['a date in another format', { dates: ['30-01-2025'] }, 'dates.0', 'date.invalid'],
    ['the same date twice', { dates: ['2025-10-09', '2025-10-09'] }, 'dates', 'dates.duplicate'],
    ['no dates', { dates: [] }, 'dates', 'dates.required'],
    [
      'more than five dates',
      { dates: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06'] },
      'dates',
      'dates.tooMany',
    ],
    ['an unknown format', { format: 'per-postduif' }, 'format', 'format.invalid'],
    ['a venue over 300 characters', { venue: 'v'.repeat(301) }, 'venue', 'venue.tooLong'],
    [
      'a host organisation that does not exist',
      { hostOrganisationId: 999_999 },
      'hostOrganisationId',
      'organisation.invalid',
    ],
  ];

  for (const [what, overrides, field, key] of refusedMeetings) {
    it(`refuses to create a meeting with ${what} (400 ${key}) and stores nothing`, async () => {
      const before = await countRows(ctx.server, 'meetings');
      const response = await ctx.cast.api.secretariaat.post('/api/networks/ngs/meetings', meetingBody(overrides));
      expectFieldError(response, field, key);
      expect(await countRows(ctx.server, 'meetings')).toBe(before);
    });

    it(`refuses to change a meeting to one with ${what} (400 ${key}) and keeps it as it was`, async () => {
      const id = await meetingIn(ctx.server, ctx.cast, 'preparation');
      const before = await ctx.server.db
        .selectFrom('meetings')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const response = await ctx.cast.api.secretariaat.patch(`/api/meetings/${id}`, meetingBody(overrides));
      expectFieldError(response, field, key);
      const after = await ctx.server.db
        .selectFrom('meetings')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(after).toEqual(before);
    });
  }

  it('stores HTML and script in a title verbatim, as text', async () => {
    const response = await ctx.cast.api.secretariaat.post(
      '/api/networks/ngs/meetings',
      meetingBody({ title: SCRIPT_TITLE }),
    );
    expect(response.status).toBe(201);
    const read = await ctx.cast.api.secretariaat.get(`/api/meetings/${response.body.meeting.id}`);
    expect(read.body.meeting.title).toBe(SCRIPT_TITLE);
    expect(read.headers.get('content-type')).toContain('application/json');
  });

  it('answers 404 for a meeting that does not exist and 400 id.invalid for an id that is not one', async () => {
    expect((await ctx.cast.api.secretariaat.get('/api/meetings/999999')).status).toBe(404);
    expectFieldError(await ctx.cast.api.secretariaat.get('/api/meetings/abc'), 'id', 'id.invalid');
    expect((await ctx.cast.api.secretariaat.get('/api/networks/bestaat-niet/meetings')).status).toBe(404);
  });

  it('refuses malformed JSON with 400 and stores nothing', async () => {
    const before = await countRows(ctx.server, 'meetings');
    const response = await ctx.cast.api.secretariaat.request('POST', '/api/networks/ngs/meetings', {
      raw: '{"title": ',
    });
    expect(response.status).toBe(400);
    expect(await countRows(ctx.server, 'meetings')).toBe(before);
  });
});

describe('bad input for themes', () => {
  const refusedThemes: [string, Record<string, unknown>, string, string][] = [
    ['an empty title', { title: '', why: '' }, 'title', 'title.required'],
    ['a title over 200 characters', { title: 't'.repeat(201), why: '' }, 'title', 'title.tooLong'],
    ['a reason over 2000 characters', { title: 'Thema', why: 'w'.repeat(2001) }, 'why', 'why.tooLong'],
  ];
  for (const [what, body, field, key] of refusedThemes) {
    it(`refuses a theme with ${what} (400 ${key}) and stores nothing`, async () => {
      const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
      const before = await countRows(ctx.server, 'themes');
      expectFieldError(await ctx.cast.api.klankbordgroep.post(`/api/meetings/${meetingId}/themes`, body), field, key);
      expect(await countRows(ctx.server, 'themes')).toBe(before);
      const theme = await themeIn(ctx.server, ctx.cast, meetingId, 'Ongewijzigd');
      expectFieldError(await ctx.cast.api.klankbordgroep.patch(`/api/themes/${theme.id}`, body), field, key);
      const row = await ctx.server.db
        .selectFrom('themes')
        .select('title')
        .where('id', '=', theme.id)
        .executeTakeFirst();
      expect(row?.title).toBe('Ongewijzigd');
    });
  }

  it('refuses support for a theme id that is not a number (400) or does not exist (400 theme.invalid)', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    expectFieldError(
      await ctx.cast.api.klankbordgroep.put(`/api/meetings/${meetingId}/support`, { themeId: 'één' }),
      'themeId',
      'themeId.invalid',
    );
    expectFieldError(
      await ctx.cast.api.klankbordgroep.put(`/api/meetings/${meetingId}/support`, { themeId: 999_999 }),
      'themeId',
      'theme.invalid',
    );
    expect(await countRows(ctx.server, 'theme_supports')).toBe(0);
  });

  it('refuses a choice that is not true or false (400 chosen.invalid)', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const theme = await themeIn(ctx.server, ctx.cast, meetingId);
    expectFieldError(
      await ctx.cast.api.secretariaat.post(`/api/themes/${theme.id}/chosen`, { chosen: 'ja' }),
      'chosen',
      'chosen.invalid',
    );
    const row = await ctx.server.db.selectFrom('themes').select('chosen').where('id', '=', theme.id).executeTakeFirst();
    expect(row?.chosen).toBe(0);
  });

  it('stores HTML and script in a theme title verbatim, as text', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const response = await ctx.cast.api.klankbordgroep.post(`/api/meetings/${meetingId}/themes`, {
      title: SCRIPT_TITLE,
    });
    expect(response.status).toBe(201);
    expect(response.body.theme.title).toBe(SCRIPT_TITLE);
  });
});

describe('bad input for statements and votes', () => {
  const refusedStatements: [string, Record<string, unknown>, string, string][] = [
    ['empty text', { text: '' }, 'text', 'text.required'],
    ['text over 500 characters', { text: 's'.repeat(501) }, 'text', 'text.tooLong'],
    ['context over 2000 characters', { text: 'Stelling', context: 'c'.repeat(2001) }, 'context', 'context.tooLong'],
    [
      'a session id over 100 characters',
      { text: 'Stelling', sessionId: 'x'.repeat(101) },
      'sessionId',
      'sessionId.tooLong',
    ],
  ];
  for (const [what, body, field, key] of refusedStatements) {
    it(`refuses a statement with ${what} (400 ${key}) and stores nothing`, async () => {
      const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
      const before = await countRows(ctx.server, 'statements');
      expectFieldError(
        await ctx.cast.api.klankbordgroep.post(`/api/meetings/${meetingId}/statements`, body),
        field,
        key,
      );
      expect(await countRows(ctx.server, 'statements')).toBe(before);
      const statement = await statementIn(ctx.server, meetingId, { text: 'Ongewijzigd' });
      expectFieldError(await ctx.cast.api.klankbordgroep.patch(`/api/statements/${statement.id}`, body), field, key);
      const row = await ctx.server.db
        .selectFrom('statements')
        .select('text')
        .where('id', '=', statement.id)
        .executeTakeFirst();
      expect(row?.text).toBe('Ongewijzigd');
    });
  }

  for (const position of ['maybe', 'eens', '', null]) {
    it(`refuses the position ${JSON.stringify(position)} (400 position.invalid) and records no vote`, async () => {
      const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
      const statement = await statementIn(ctx.server, meetingId, { open: true });
      const before = await countRows(ctx.server, 'votes');
      expectFieldError(
        await ctx.cast.api.deelnemer.put(`/api/statements/${statement.id}/vote`, { position }),
        'position',
        'position.invalid',
      );
      expect(await countRows(ctx.server, 'votes')).toBe(before);
    });
  }

  it('answers 404 for a vote on a statement that does not exist', async () => {
    const response = await ctx.cast.api.deelnemer.put('/api/statements/999999/vote', { position: 'agree' });
    expect({ status: response.status, body: response.body }).toEqual({ status: 404, body: { error: 'not_found' } });
  });

  it('refuses an opening of voting that is not true or false (400 open.invalid)', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
    const statement = await statementIn(ctx.server, meetingId);
    expectFieldError(
      await ctx.cast.api.secretariaat.post(`/api/statements/${statement.id}/voting`, { open: 1 }),
      'open',
      'open.invalid',
    );
    const row = await ctx.server.db
      .selectFrom('statements')
      .select('voting_open')
      .where('id', '=', statement.id)
      .executeTakeFirst();
    expect(row?.voting_open).toBe(0);
  });

  it('stores HTML and script in a statement verbatim, as text', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const response = await ctx.cast.api.klankbordgroep.post(`/api/meetings/${meetingId}/statements`, {
      text: SCRIPT_TITLE,
      context: '<img src=x onerror=alert(1)>',
    });
    expect(response.status).toBe(201);
    const list = await ctx.cast.api.klankbordgroep.get(`/api/meetings/${meetingId}/statements`);
    expect(list.body.statements[0]).toMatchObject({ text: SCRIPT_TITLE, context: '<img src=x onerror=alert(1)>' });
  });
});

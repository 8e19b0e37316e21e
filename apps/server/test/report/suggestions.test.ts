import { createReportSuggestion } from '@klankbord/db';
import {
  encodeAnchorPosition,
  type MeetingStatus,
  type Role,
  reportDocumentName,
  reportFragment,
  SUGGESTION_OPEN_PER_AUTHOR_MAX,
} from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import type { Client } from '../support/clients.ts';
import { openEventStream } from '../support/events.ts';
import { reportText, writeParagraph } from './support.ts';

const ctx = useMembersServer();
const { pool, api } = ctx;
const roles: Role[] = ['secretariaat', 'klankbordgroep', 'deelnemer', 'gast'];
const SENTENCE = 'De gemeenten delen hun aanpak. Zij spreken af elkaar te bellen.';

/** The paragraph `index` of a client's report. */
function paragraph(client: Client, index = 0): Y.XmlText {
  return (reportFragment(client.doc).get(index) as Y.XmlElement).get(0) as Y.XmlText;
}

/** An anchor on the words `words` of a paragraph, as the web editor makes it (the end names the last character). */
function anchorOn(client: Client, words: string, index = 0) {
  const text = paragraph(client, index);
  const from = text.toString().indexOf(words);
  if (from < 0) throw new Error(`"${words}" is not in the report`);
  const at = (i: number) => encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, i, -1));
  return { anchor: { start: at(from), end: at(from + words.length) }, quote: words };
}

/** A meeting in a status, its report holding SENTENCE written by the secretariaat's stock client. */
async function meetingWithReport(status: MeetingStatus = 'reporting', ...more: string[]) {
  const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
  await moveMeeting(ctx.server.db, meetingId, 'live');
  const name = reportDocumentName('ngs', meetingId);
  const writer = await pool.connect(name, tokens.secretariaat);
  for (const words of [SENTENCE, ...more]) writeParagraph(writer.doc, words);
  const expected = [SENTENCE, ...more].join('\n');
  const reader = await pool.connect(name, tokens.secretariaat);
  await waitFor(() => reportText(reader) === expected, 'the paragraphs to be stored');
  await moveMeeting(ctx.server.db, meetingId, status);
  return { meetingId, name, writer };
}

const suggestionsOf = (meetingId: number) => `/api/meetings/${meetingId}/report/suggestions`;

/** The report's text as stored on the server: a fresh client's copy once it has synced. */
async function storedText(name: string): Promise<string> {
  const reader = await pool.connect(name, tokens.secretariaat);
  return reportText(reader);
}

async function propose(role: Role, meetingId: number, writer: Client, words: string, replacement: string, index = 0) {
  return api(role).post(suggestionsOf(meetingId), { ...anchorOn(writer, words, index), replacement });
}

describe('suggestions on the verslag', () => {
  it('follows the matrix: who lists, proposes and decides suggestions while live and while reporting', async () => {
    type Row = { list: number; create: number; accept: number; reject: number };
    const expected: Record<'live' | 'reporting', Record<Role, Row>> = {
      live: {
        secretariaat: { list: 200, create: 201, accept: 403, reject: 403 },
        klankbordgroep: { list: 200, create: 403, accept: 403, reject: 403 },
        deelnemer: { list: 403, create: 403, accept: 403, reject: 403 },
        gast: { list: 403, create: 403, accept: 403, reject: 403 },
      },
      reporting: {
        secretariaat: { list: 200, create: 201, accept: 200, reject: 200 },
        klankbordgroep: { list: 200, create: 201, accept: 403, reject: 403 },
        deelnemer: { list: 200, create: 201, accept: 403, reject: 403 },
        gast: { list: 403, create: 403, accept: 403, reject: 403 },
      },
    };
    const actual: typeof expected = { live: {} as never, reporting: {} as never };
    for (const status of ['live', 'reporting'] as const) {
      const { meetingId, writer } = await meetingWithReport('live');
      // Each role decides suggestions made while live, so that a refusal is not a 409 for a decided one.
      const toAccept: number[] = [];
      const toReject: number[] = [];
      for (const _role of roles) {
        toAccept.push((await propose('secretariaat', meetingId, writer, 'bellen', 'bellen')).body.suggestion.id);
        toReject.push((await propose('secretariaat', meetingId, writer, 'aanpak', 'werkwijze')).body.suggestion.id);
      }
      await moveMeeting(ctx.server.db, meetingId, status);
      for (const [i, role] of roles.entries()) {
        const list = await api(role).get(suggestionsOf(meetingId));
        const create = await propose(role, meetingId, writer, 'gemeenten', 'steden');
        const accept = await api(role).post(`/api/report-suggestions/${toAccept[i]}/accept`);
        const reject = await api(role).post(`/api/report-suggestions/${toReject[i]}/reject`);
        actual[status][role] = {
          list: list.status,
          create: create.status,
          accept: accept.status,
          reject: reject.status,
        };
      }
      for (const role of roles) {
        const all = await api(role).post(`${suggestionsOf(meetingId)}/reject-all`);
        expect(all.status, `${role} rejects all while ${status}`).toBe(
          status === 'reporting' && role === 'secretariaat' ? 200 : 403,
        );
      }
      pool.destroyAll();
    }
    expect(actual).toEqual(expected);
  });

  it('stores a proposal with its author and lists it; a gast and an outsider see nothing', async () => {
    const { meetingId, writer } = await meetingWithReport();
    const created = await api('deelnemer').post(suggestionsOf(meetingId), {
      ...anchorOn(writer, 'delen hun aanpak'),
      quote: '  delen   hun aanpak ',
      replacement: 'bespreken\r\nhun werkwijze',
    });
    expect(created.status).toBe(201);
    const suggestion = created.body.suggestion;
    expect(suggestion).toEqual(
      expect.objectContaining({
        quote: 'delen hun aanpak',
        replacement: 'bespreken hun werkwijze',
        status: 'open',
        author: { id: expect.any(Number), name: expect.any(String) },
        decided: null,
      }),
    );
    expect((await api('klankbordgroep').get(suggestionsOf(meetingId))).body.suggestions).toEqual([suggestion]);
    expect((await api('gast').get(suggestionsOf(meetingId))).status).toBe(403);
    expect((await api('elders').get(suggestionsOf(meetingId))).status).toBe(404);
    expect((await api('elders').post(`/api/report-suggestions/${suggestion.id}/accept`)).status).toBe(404);
    expect((await api('elders').post(`${suggestionsOf(meetingId)}/accept-all`)).status).toBe(404);
    expect((await api('secretariaat').post('/api/report-suggestions/999999/accept')).status).toBe(404);
    expect((await api('secretariaat').post('/api/report-suggestions/abc/reject')).status).toBe(400);
  });

  it('refuses bad input, a passage across paragraphs and words that are not in the text', async () => {
    const { meetingId, writer } = await meetingWithReport('reporting', 'Tot slot koffie.');
    const other = await meetingWithReport();
    const good = { ...anchorOn(writer, 'aanpak'), replacement: 'werkwijze' };
    const post = (json: unknown) => api('deelnemer').post(suggestionsOf(meetingId), json);
    expect((await post({ ...good, replacement: 'x'.repeat(4001) })).body.fields).toEqual({
      replacement: 'replacement.tooLong',
    });
    expect((await post({ ...good, replacement: undefined })).body.fields).toEqual({
      replacement: 'replacement.invalid',
    });
    expect((await post({ ...good, quote: '' })).body.fields).toEqual({ quote: 'quote.required' });
    const foreign = await post({ ...good, ...anchorOn(other.writer, 'aanpak') });
    expect(foreign.body).toEqual({ error: 'invalid_input', fields: { anchor: 'anchor.invalid' } });
    const across = await post({
      replacement: 'x',
      quote: 'bellen. Tot',
      anchor: { start: anchorOn(writer, 'bellen').anchor.start, end: anchorOn(writer, 'Tot', 1).anchor.end },
    });
    expect(across.status).toBe(409);
    expect(across.body.error).toBe('suggestion.spansBlocks');
    const misquoted = await post({ ...good, quote: 'iets anders' });
    expect(misquoted.status).toBe(409);
    expect(misquoted.body.error).toBe('suggestion.stale');
    expect((await api('deelnemer').get(suggestionsOf(meetingId))).body.suggestions).toEqual([]);
  });

  it('accepts a suggestion into the stored text, which every connected client receives', async () => {
    const { meetingId, writer, name } = await meetingWithReport();
    const deelnemer = await pool.connect(name, tokens.deelnemer);
    await waitFor(() => reportText(deelnemer) === SENTENCE, 'the deelnemer to sync');
    const { suggestion } = (await propose('deelnemer', meetingId, writer, 'elkaar te bellen', 'elkaar te mailen')).body;
    // Text written before the passage meanwhile: the suggestion follows its words.
    paragraph(writer).insert(0, 'Kort: ');
    await waitFor(() => reportText(deelnemer).startsWith('Kort: '), 'the edit to arrive');

    const accepted = await api('secretariaat').post(`/api/report-suggestions/${suggestion.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.suggestion).toEqual(
      expect.objectContaining({
        status: 'accepted',
        decided: { at: expect.any(Number), by: { id: expect.any(Number), name: expect.any(String) } },
      }),
    );
    const expected = 'Kort: De gemeenten delen hun aanpak. Zij spreken af elkaar te mailen.';
    await waitFor(() => reportText(deelnemer) === expected, 'the accepted change to reach the deelnemer');
    await waitFor(() => reportText(writer) === expected, 'the accepted change to reach the secretariaat');
    expect(await storedText(name)).toBe(expected);
    const again = await api('secretariaat').post(`/api/report-suggestions/${suggestion.id}/reject`);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('suggestion.decided');
  });

  it('rejects a suggestion and leaves the text as it was', async () => {
    const { meetingId, writer, name } = await meetingWithReport();
    const { suggestion } = (await propose('klankbordgroep', meetingId, writer, 'gemeenten', 'steden')).body;
    const rejected = await api('secretariaat').post(`/api/report-suggestions/${suggestion.id}/reject`);
    expect(rejected.status).toBe(200);
    expect(rejected.body.suggestion.status).toBe('rejected');
    expect(await storedText(name)).toBe(SENTENCE);
    expect((await api('secretariaat').post(`/api/report-suggestions/${suggestion.id}/accept`)).status).toBe(409);
  });

  it('refuses a suggestion whose words were deleted meanwhile, and keeps it open', async () => {
    const { meetingId, writer, name } = await meetingWithReport();
    const { suggestion } = (await propose('deelnemer', meetingId, writer, 'hun aanpak', 'de werkwijze')).body;
    const text = paragraph(writer);
    text.delete(text.toString().indexOf('hun aanpak'), 'hun aanpak'.length);
    const withoutWords = 'De gemeenten delen . Zij spreken af elkaar te bellen.';
    await waitFor(async () => (await storedText(name)) === withoutWords, 'the deletion to be stored');
    const refused = await api('secretariaat').post(`/api/report-suggestions/${suggestion.id}/accept`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('suggestion.stale');
    expect((await api('secretariaat').get(suggestionsOf(meetingId))).body.suggestions[0].status).toBe('open');
    expect(await storedText(name)).toBe(withoutWords);
    // Rejecting it still works.
    expect((await api('secretariaat').post(`/api/report-suggestions/${suggestion.id}/reject`)).status).toBe(200);
  });

  it('accepts all open suggestions at once, skipping one that no longer applies, and rejects the rest', async () => {
    const { meetingId, writer, name } = await meetingWithReport('reporting', 'Tot slot koffie.');
    await propose('deelnemer', meetingId, writer, 'gemeenten', 'steden');
    await propose('klankbordgroep', meetingId, writer, 'bellen', 'mailen');
    const stale = (await propose('deelnemer', meetingId, writer, 'koffie', 'thee', 1)).body.suggestion;
    const second = paragraph(writer, 1);
    second.delete(second.toString().indexOf('koffie'), 'koffie'.length);
    await waitFor(async () => (await storedText(name)).endsWith('Tot slot .'), 'the deletion to be stored');

    const all = await api('secretariaat').post(`${suggestionsOf(meetingId)}/accept-all`);
    expect(all.status).toBe(200);
    expect(all.body.suggestions.map((s: { status: string }) => s.status)).toEqual(['accepted', 'accepted']);
    expect(all.body.skipped).toEqual([{ id: stale.id, reason: 'suggestion.stale' }]);
    expect(await storedText(name)).toBe('De steden delen hun aanpak. Zij spreken af elkaar te mailen.\nTot slot .');

    const rest = await api('secretariaat').post(`${suggestionsOf(meetingId)}/reject-all`);
    expect(rest.body.suggestions.map((s: { id: number; status: string }) => [s.id, s.status])).toEqual([
      [stale.id, 'rejected'],
    ]);
    const statuses = (await api('deelnemer').get(suggestionsOf(meetingId))).body.suggestions.map(
      (s: { status: string }) => s.status,
    );
    expect(statuses).toEqual(['accepted', 'accepted', 'rejected']);
  });

  it('refuses to finalise while a suggestion is open, and takes no suggestion or decision once final', async () => {
    const { meetingId, writer } = await meetingWithReport();
    const { suggestion } = (await propose('deelnemer', meetingId, writer, 'gemeenten', 'steden')).body;
    const finalise = () => api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, {});
    const refused = await finalise();
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('report.openSuggestions');
    expect((await api('secretariaat').get(`/api/meetings/${meetingId}/report`)).body.finalised).toBeNull();

    expect((await api('secretariaat').post(`/api/report-suggestions/${suggestion.id}/reject`)).status).toBe(200);
    expect((await finalise()).status).toBe(200);

    const late = await propose('deelnemer', meetingId, writer, 'aanpak', 'werkwijze');
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('report.finalised');
    // An open suggestion cannot exist on a final verslag; one made before reopening is still not decided after.
    await api('secretariaat').post(`/api/meetings/${meetingId}/report/reopen`);
    const { suggestion: reopened } = (await propose('deelnemer', meetingId, writer, 'aanpak', 'werkwijze')).body;
    await api('secretariaat').post(`/api/report-suggestions/${reopened.id}/reject`);
    expect((await finalise()).status).toBe(200);
    const decided = await api('secretariaat').post(`${suggestionsOf(meetingId)}/accept-all`);
    expect(decided.status).toBe(409);
    expect(decided.body.error).toBe('report.finalised');
  });

  it('takes at most the cap of open suggestions per person, even sent at once, and stores nothing past it', async () => {
    const { meetingId, writer } = await meetingWithReport();
    const first = (await propose('deelnemer', meetingId, writer, 'gemeenten', 'steden')).body.suggestion;
    // Straight into the database up to one below the cap: posting them one by one would only be slower.
    for (let i = 2; i < SUGGESTION_OPEN_PER_AUTHOR_MAX; i++) {
      await createReportSuggestion(ctx.server.db, {
        meetingId,
        anchor: first.anchor,
        quote: first.quote,
        replacement: `steden ${i}`,
        authorId: first.author.id,
      });
    }
    const listed = async () => (await api('secretariaat').get(suggestionsOf(meetingId))).body.suggestions.length;
    // Several at once with room for one: the count and the insert are one step, so exactly one gets through.
    const words = ['aanpak', 'bellen', 'delen', 'spreken', 'af'];
    const all = await Promise.all(words.map((word) => propose('deelnemer', meetingId, writer, word, 'anders')));
    expect(all.map((response) => response.status).toSorted()).toEqual([201, 429, 429, 429, 429]);
    expect(await listed()).toBe(SUGGESTION_OPEN_PER_AUTHOR_MAX);

    const refused = await propose('deelnemer', meetingId, writer, 'elkaar', 'iedereen');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'suggestion.tooMany' });
    expect(await listed()).toBe(SUGGESTION_OPEN_PER_AUTHOR_MAX);
    // The cap is per person: another member still proposes.
    expect((await propose('klankbordgroep', meetingId, writer, 'elkaar', 'iedereen')).status).toBe(201);
    // And per open suggestion: once one is decided, there is room for one more.
    expect((await api('secretariaat').post(`/api/report-suggestions/${first.id}/reject`)).status).toBe(200);
    expect((await propose('deelnemer', meetingId, writer, 'elkaar', 'iedereen')).status).toBe(201);
    expect((await propose('deelnemer', meetingId, writer, 'bellen', 'mailen')).status).toBe(429);
  });

  it('tells whoever may read the draft about new and decided suggestions, live, and records decisions', async () => {
    const { meetingId, writer } = await meetingWithReport();
    const [secretariaat, gast] = await Promise.all([
      openEventStream(ctx.server.httpUrl, 'ngs', tokens.secretariaat),
      openEventStream(ctx.server.httpUrl, 'ngs', tokens.gast),
    ]);
    try {
      for (const stream of [secretariaat, gast])
        await waitFor(() => stream.events.some((e) => e.event === 'ready'), 'the ready event');
      const { suggestion } = (await propose('deelnemer', meetingId, writer, 'gemeenten', 'steden')).body;
      await waitFor(() => secretariaat.events.some((e) => e.event === 'suggestion.created'), 'the created event');
      expect(secretariaat.events.find((e) => e.event === 'suggestion.created')?.data).toEqual({
        type: 'suggestion.created',
        meetingId,
        suggestion,
      });
      const accepted = (await api('secretariaat').post(`/api/report-suggestions/${suggestion.id}/accept`)).body;
      await waitFor(() => secretariaat.events.some((e) => e.event === 'suggestion.decided'), 'the decided event');
      expect(secretariaat.events.find((e) => e.event === 'suggestion.decided')?.data).toEqual({
        type: 'suggestion.decided',
        meetingId,
        suggestion: accepted.suggestion,
      });
      // The gast may not read the draft: a status event sent after the suggestion events has arrived, and none of
      // the suggestion events before it.
      await api('secretariaat').post(`/api/meetings/${meetingId}/status`, { status: 'closed' });
      await waitFor(() => gast.events.some((e) => e.event === 'meeting.status'), 'the status event');
      expect(gast.events.filter((e) => e.event.startsWith('suggestion.'))).toEqual([]);
      const audit = await ctx.server.db
        .selectFrom('audit_events')
        .select(['event', 'subject', 'detail'])
        .where('event', 'like', 'report.suggestion%')
        .where('subject', '=', String(meetingId))
        .execute();
      expect(audit).toEqual([
        {
          event: 'report.suggestionAccepted',
          subject: String(meetingId),
          detail: JSON.stringify({ suggestionId: suggestion.id, authorId: suggestion.author.id }),
        },
      ]);
    } finally {
      secretariaat.close();
      gast.close();
    }
  });
});

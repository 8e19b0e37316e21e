import { encodeAnchorPosition, reportDocumentName, reportFragment } from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { arrangeCast, type Cast, meetingIn } from '../meetings/fixtures.ts';
import { clientPool } from '../programme/support.ts';
import { roundTrip } from '../support/clients.ts';
import { useCastServer } from '../support/use-server.ts';
import { addStatement } from './support.ts';

// Dutch texts from the network's own history (../shared/domain/netwerk-grote-steden.json).
const STATEMENT = 'Verwarde personen horen niet in een politiecel';
const CONTEXT = 'Nijmegen en Tilburg werken met een meldpunt voor onbegrepen gedrag.';

const ctx = useCastServer(arrangeCast);
const pool = clientPool(() => ctx.server.collabUrl);
afterAll(() => pool.destroyAll());

type Result = { kind: string; title: string; snippet: { text: string; match: boolean }[]; path: string };
const search = async (role: keyof Cast['api'], q: string) => {
  const response = await ctx.cast.api[role].get(`/api/search?q=${encodeURIComponent(q)}`);
  return { status: response.status, body: response.body, results: (response.body.results ?? []) as Result[] };
};

describe('search', () => {
  it('finds Dutch words in other forms, case and diacritics aside, with the found words marked', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'published');
    await addStatement(ctx.cast, meetingId, STATEMENT, CONTEXT);
    for (const q of ['verward persoon', 'VERWARDE', 'politiecél', 'verw', 'meldpunten']) {
      const { results } = await search('deelnemer', q);
      expect(
        results.map((result) => result.title),
        q,
      ).toContain(STATEMENT);
    }
    const [hit] = (await search('deelnemer', 'onbegrepen gedrag')).results;
    expect(hit?.snippet.filter((part) => part.match).map((part) => part.text)).toEqual(['onbegrepen', 'gedrag']);
    expect(hit?.path).toBe(`/networks/ngs/meetings/${meetingId}`);
  });

  it('shows nothing from another network, nor from a meeting the member may not see yet', async () => {
    const preparing = await meetingIn(ctx.server, ctx.cast, 'preparation');
    await addStatement(ctx.cast, preparing, 'Ondermijning in het buitengebied');
    expect((await search('secretariaat', 'ondermijning')).results).toHaveLength(1);
    expect((await search('deelnemer', 'ondermijning')).results).toHaveLength(0);
    const outsider = await ctx.cast.outsider.get('/api/search?q=ondermijning');
    expect(outsider.body.results).toEqual([]);
    expect((await ctx.cast.outsider.get('/api/search?q=ondermijning&network=ngs')).status).toBe(404);
    expect((await ctx.cast.anonymous.get('/api/search?q=ondermijning')).status).toBe(401);
  });

  it('follows a stelling that is changed or deleted', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'published');
    const id = await addStatement(ctx.cast, meetingId, 'Vuurwerkverbod in de hele stad');
    expect((await search('gast', 'vuurwerkverbod')).results).toHaveLength(1);
    await ctx.cast.api.secretariaat.patch(`/api/statements/${id}`, {
      text: 'Carbidschieten mag blijven',
      context: '',
      sessionId: null,
    });
    expect((await search('gast', 'vuurwerkverbod')).results).toHaveLength(0);
    expect((await search('gast', 'carbidschieten')).results).toHaveLength(1);
    expect((await ctx.cast.api.secretariaat.delete(`/api/statements/${id}`)).status).toBe(204);
    expect((await search('gast', 'carbidschieten')).results).toHaveLength(0);
  });

  it('indexes the verslag as it is written, for those who may read it', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'reporting');
    const writer = await pool.connect(reportDocumentName('ngs', meetingId), ctx.cast.api.klankbordgroep.token!);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('De wijkagenten bespraken radicalisering onder jongeren.')]);
    reportFragment(writer.doc).insert(0, [paragraph]);
    expect(await roundTrip(writer)).toBe('answered');
    await waitFor(
      async () => (await search('deelnemer', 'radicaliserende jongere')).results.some((r) => r.kind === 'report'),
      'the verslag to be indexed',
    );
    expect((await search('gast', 'radicalisering')).results.filter((r) => r.kind === 'report')).toHaveLength(0);
  });

  it('finds discussions and comments, for those who may read the thread, and forgets deleted messages', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'reporting');
    const thread = await ctx.cast.api.deelnemer.get(`/api/threads?subject=meeting:${meetingId}`);
    const posted = await ctx.cast.api.deelnemer.post(`/api/threads/${thread.body.thread.id}/messages`, {
      body: 'In Eindhoven werkt de wijkaanpak voor woonoverlast goed.',
    });
    expect(posted.status).toBe(201);
    const hits = (await search('gast', 'woonoverlast')).results;
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ kind: 'message', path: `/networks/ngs/meetings/${meetingId}` });
    expect((await ctx.cast.outsider.get('/api/search?q=woonoverlast')).body.results).toEqual([]);

    // A comment on the draft verslag: its words are for the verslag's readers, not for a gast.
    const writer = await pool.connect(reportDocumentName('ngs', meetingId), ctx.cast.api.klankbordgroep.token!);
    const paragraph = new Y.XmlElement('paragraph');
    const words = new Y.XmlText('Afspraken over cameratoezicht');
    paragraph.insert(0, [words]);
    reportFragment(writer.doc).insert(0, [paragraph]);
    expect(await roundTrip(writer)).toBe('answered');
    const anchor = {
      start: encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(words, 0)),
      end: encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(words, 9)),
    };
    const comment = await ctx.cast.api.deelnemer.post(`/api/meetings/${meetingId}/report/comments`, {
      anchor,
      quote: 'Afspraken',
      body: 'Graag ook de handhavingsstrategie noemen.',
    });
    expect(comment.status).toBe(201);
    expect((await search('klankbordgroep', 'handhavingsstrategie')).results[0]?.path).toBe(
      `/networks/ngs/meetings/${meetingId}/report`,
    );
    expect((await search('gast', 'handhavingsstrategie')).results).toHaveLength(0);

    expect((await ctx.cast.api.deelnemer.delete(`/api/messages/${posted.body.message.id}`)).status).toBe(204);
    expect((await search('gast', 'woonoverlast')).results).toHaveLength(0);
  });

  it('answers FTS operators, quotes and empty queries with a clear error or plain results, never a crash', async () => {
    for (const q of ['" OR 1=1 --', 'title:x', 'a* NEAR(b c)', 'AND', "'; DROP TABLE search_entries; --"]) {
      const { status } = await search('deelnemer', q);
      expect([200], q).toContain(status);
    }
    for (const q of ['', '   ', '"', '"*"()']) {
      const { status, body } = await search('deelnemer', q);
      expect(status, q).toBe(400);
      expect(body.fields?.q).toBe('q.required');
    }
    expect((await search('deelnemer', 'x'.repeat(201))).status).toBe(400);
    expect((await search('deelnemer', 'verward')).status).toBe(200);
  });
});

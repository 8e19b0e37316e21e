import { createMeeting, ensureOrganisation, findNetwork, setNetworkOrganisations } from '@klankbord/db';
import { EXAMPLE_DESCRIPTION_FIELD, type Role } from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { arrangeCast, extraMember, meetingIn, OUTSIDER } from '../meetings/fixtures.ts';
import { clientPool } from '../programme/support.ts';
import { roundTrip } from '../support/clients.ts';
import { useCastServer } from '../support/use-server.ts';

const ctx = useCastServer(arrangeCast);
let tilburg = 0;
let breda = 0;
const pool = clientPool(() => ctx.server.collabUrl);

beforeAll(async () => {
  tilburg = (
    await ensureOrganisation(ctx.server.db, { name: 'Gemeente Tilburg', shortName: 'Tilburg', kind: 'municipality' })
  ).id;
  // Breda exists, but is not an organisation of this network.
  breda = (
    await ensureOrganisation(ctx.server.db, { name: 'Gemeente Breda', shortName: 'Breda', kind: 'municipality' })
  ).id;
  await setNetworkOrganisations(ctx.server.db, ctx.cast.networkId, [tilburg]);
});
afterEach(() => pool.destroyAll());

const body = (overrides: Record<string, unknown> = {}) => ({
  title: 'Meldpunt verward gedrag',
  organisationId: tilburg,
  status: 'pilot',
  tags: ['Zorg en veiligheid'],
  links: [{ url: 'https://www.tilburg.nl/meldpunt', label: 'Meldpunt' }],
  ...overrides,
});

async function add(role: Role, overrides: Record<string, unknown> = {}) {
  const response = await ctx.cast.api[role].post('/api/networks/ngs/examples', body(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.example as { id: number; document: string };
}

describe('goede voorbeelden', () => {
  it('lets participants add them and every member read them; outsiders see nothing', async () => {
    for (const role of ['secretariaat', 'klankbordgroep', 'deelnemer'] as const)
      await add(role, { title: `Van ${role}` });
    const refused = await ctx.cast.api.gast.post('/api/networks/ngs/examples', body());
    expect(refused.status).toBe(403);
    const { id } = await add('deelnemer');
    for (const role of ['secretariaat', 'klankbordgroep', 'deelnemer', 'gast'] as const) {
      expect((await ctx.cast.api[role].get(`/api/examples/${id}`)).status).toBe(200);
    }
    expect((await ctx.cast.outsider.get(`/api/examples/${id}`)).status).toBe(404);
    expect((await ctx.cast.outsider.get('/api/networks/ngs/examples')).status).toBe(404);
    expect((await ctx.cast.anonymous.get(`/api/examples/${id}`)).status).toBe(401);
  });

  it('lets its authors and the klankbordgroep change it, and nobody else', async () => {
    const { id } = await add('deelnemer');
    const other = await extraMember(ctx.server, 'deelnemer');
    const change = body({ title: 'Meldpunt onbegrepen gedrag' });
    expect((await other.api.patch(`/api/examples/${id}`, change)).status).toBe(403);
    expect((await ctx.cast.api.gast.patch(`/api/examples/${id}`, change)).status).toBe(403);
    expect((await ctx.cast.api.deelnemer.patch(`/api/examples/${id}`, change)).status).toBe(200);
    expect(
      (await ctx.cast.api.klankbordgroep.patch(`/api/examples/${id}`, body({ contactUserId: other.userId }))).status,
    ).toBe(200);
    // Made its contact person, the other deelnemer is one of its authors now.
    expect((await other.api.patch(`/api/examples/${id}`, change)).status).toBe(200);
    expect((await ctx.cast.api.gast.delete(`/api/examples/${id}`)).status).toBe(403);
    expect((await ctx.cast.api.deelnemer.delete(`/api/examples/${id}`)).status).toBe(204);
    expect((await ctx.cast.api.deelnemer.get(`/api/examples/${id}`)).status).toBe(404);
  });

  it('refuses what points outside the network, and malformed fields, storing nothing', async () => {
    const before = await ctx.server.db
      .selectFrom('examples')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const elsewhere = await meetingIn(ctx.server, ctx.cast, 'published');
    const otherNetwork = (await findNetwork(ctx.server.db, OUTSIDER.network))!;
    const cases: [Record<string, unknown>, string][] = [
      [{ organisationId: breda }, 'organisationId'],
      [{ contactUserId: 999_999 }, 'contactUserId'],
      [{ meetingId: 999_999 }, 'meetingId'],
      [{ sessionId: 'x' }, 'sessionId'],
      [{ links: [{ url: 'javascript:alert(1)' }] }, 'links'],
      [{ tags: Array.from({ length: 11 }, (_, i) => `tag ${i}`) }, 'tags'],
      [{ title: '' }, 'title'],
      [{ status: 'klaar' }, 'status'],
    ];
    for (const [overrides, field] of cases) {
      const response = await ctx.cast.api.deelnemer.post('/api/networks/ngs/examples', body(overrides));
      expect(response.status, field).toBe(400);
      expect(Object.keys(response.body.fields ?? {}).join(), field).toContain(field.split('.')[0]);
    }
    expect(
      (await ctx.cast.api.deelnemer.post('/api/networks/ngs/examples', body({ meetingId: elsewhere }))).status,
    ).toBe(201);
    const foreign = await createMeeting(
      ctx.server.db,
      otherNetwork.id,
      { title: 'Elders', dates: ['2025-10-09'], format: 'online', hostOrganisationId: null, venue: '' },
      null,
    );
    const refused = await ctx.cast.api.deelnemer.post('/api/networks/ngs/examples', body({ meetingId: foreign.id }));
    expect(refused.body.fields).toEqual({ meetingId: 'meeting.invalid' });
    const after = await ctx.server.db
      .selectFrom('examples')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });

  it('counts one mark per member, and lets only the secretariaat curate the tags', async () => {
    const { id } = await add('deelnemer', { tags: ['Ondermijning'] });
    expect((await ctx.cast.api.gast.put(`/api/examples/${id}/mark`, { marked: true })).status).toBe(403);
    await ctx.cast.api.klankbordgroep.put(`/api/examples/${id}/mark`, { marked: true });
    const twice = await ctx.cast.api.klankbordgroep.put(`/api/examples/${id}/mark`, { marked: true });
    expect(twice.body).toEqual({ marks: 1, markedByViewer: true });
    const list = await ctx.cast.api.gast.get('/api/networks/ngs/examples?sort=marked');
    expect(list.body.examples[0].id).toBe(id);
    const tag = list.body.tags.find((t: { name: string }) => t.name === 'Ondermijning');
    expect(tag.curated).toBe(false);
    expect(
      (await ctx.cast.api.klankbordgroep.post(`/api/networks/ngs/example-tags/${tag.id}/curated`, { curated: true }))
        .status,
    ).toBe(403);
    const curated = await ctx.cast.api.secretariaat.post(`/api/networks/ngs/example-tags/${tag.id}/curated`, {
      curated: true,
    });
    expect(curated.body.tags.find((t: { id: number }) => t.id === tag.id).curated).toBe(true);
    const filtered = await ctx.cast.api.gast.get(`/api/networks/ngs/examples?tag=${tag.id}`);
    expect(filtered.body.examples.map((e: { id: number }) => e.id)).toEqual([id]);
    expect((await ctx.cast.api.gast.get('/api/networks/ngs/examples?status=klaar')).status).toBe(400);
    const stats = await ctx.cast.api.gast.get('/api/networks/ngs/examples/statistics');
    expect(stats.body.cities.find((c: { name: string }) => c.name === 'Gemeente Tilburg').examples).toBeGreaterThan(0);
    expect(stats.body.byYear.at(-1).year).toBe(new Date().getUTCFullYear());
  });

  it('has a discussion for every member: participants post, the secretariaat moderates, the list sorts by it', async () => {
    const { id } = await add('klankbordgroep', { title: 'Wijkteams en politie' });
    await add('klankbordgroep', { title: 'Nog niet besproken' });
    const thread = await ctx.cast.api.gast.get(`/api/threads?subject=example:${id}`);
    expect(thread.status).toBe(200);
    const threadId = thread.body.thread.id as number;
    expect(thread.body.thread.meetingId).toBeNull();
    const posted = await ctx.cast.api.deelnemer.post(`/api/threads/${threadId}/messages`, {
      body: 'Werkt dit ook in Zwolle?',
    });
    expect(posted.status).toBe(201);
    expect((await ctx.cast.api.gast.post(`/api/threads/${threadId}/messages`, { body: 'Ik ook' })).status).toBe(403);
    expect((await ctx.cast.outsider.get(`/api/threads?subject=example:${id}`)).status).toBe(404);
    expect((await ctx.cast.api.gast.get('/api/threads?subject=example:999999')).status).toBe(404);
    const unread = await ctx.cast.api.klankbordgroep.get('/api/networks/ngs/unread');
    expect(unread.body.threads.map((t: { subject: string }) => t.subject)).toContain(`example:${id}`);
    const discussed = await ctx.cast.api.gast.get('/api/networks/ngs/examples?sort=discussed');
    expect(discussed.body.examples[0]).toMatchObject({ id, messages: 1 });
    expect((await ctx.cast.api.klankbordgroep.delete(`/api/messages/${posted.body.message.id}`)).status).toBe(403);
    expect((await ctx.cast.api.secretariaat.delete(`/api/messages/${posted.body.message.id}`)).status).toBe(204);
    expect((await ctx.cast.api.gast.get(`/api/examples/${id}`)).body.example.messages).toBe(0);
    // What each may do in the discussion comes with the example, so the page shows only what the server allows.
    expect((await ctx.cast.api.gast.get(`/api/examples/${id}`)).body.discussion).toEqual({
      canPost: false,
      canModerate: false,
    });
    expect((await ctx.cast.api.deelnemer.get(`/api/examples/${id}`)).body.discussion).toEqual({
      canPost: true,
      canModerate: false,
    });
    expect((await ctx.cast.api.secretariaat.get(`/api/examples/${id}`)).body.discussion).toEqual({
      canPost: true,
      canModerate: true,
    });
  });

  it('lets its authors co-write the description, drops anyone else’s edits, and makes it searchable', async () => {
    const { document } = await add('deelnemer', { title: 'Buurtbemiddeling' });
    const write = async (token: string, words: string) => {
      const client = await pool.connect(document, token);
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(words)]);
      client.doc.getXmlFragment(EXAMPLE_DESCRIPTION_FIELD).insert(0, [paragraph]);
      return roundTrip(client);
    };
    expect(await write(ctx.cast.api.deelnemer.token!, 'Bemiddelaars helpen buren met ruzie.')).toBe('answered');
    const other = await extraMember(ctx.server, 'deelnemer');
    const token = (other.api as unknown as { token: string }).token;
    await write(token, 'Stiekem erbij gezet.');
    const reader = await pool.connect(document, ctx.cast.api.gast.token!);
    const text = reader.doc.getXmlFragment(EXAMPLE_DESCRIPTION_FIELD).toString();
    expect(text).toContain('Bemiddelaars');
    expect(text).not.toContain('Stiekem');
    await waitFor(async () => {
      const found = await ctx.cast.api.gast.get(`/api/search?q=${encodeURIComponent('bemiddelaar buur')}`);
      return found.body.results?.some((r: { kind: string; path: string }) => r.kind === 'example');
    }, 'the description to be searchable');
  });
});

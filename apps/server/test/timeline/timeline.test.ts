import { createMeeting, findNetwork, setThemeChosen } from '@klankbord/db';
import { MAX_TOPICS_PER_NETWORK, type Role } from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/support.ts';
import { arrangeCast, type Cast, meetingIn, members, OUTSIDER, statementIn, themeIn } from '../meetings/fixtures.ts';
import { openEventStream } from '../support/events.ts';
import { arrangeMember } from '../support/members.ts';
import type { TestServer } from '../support/server.ts';
import { useCastServer } from '../support/use-server.ts';

const ELDERS_SECRETARIAAT = { email: 'secretariaat-elders@example.nl', token: 'kb_timeline-elders-sec-0123456789' };

const ctx = useCastServer(async (server: TestServer) => {
  const cast = await arrangeCast(server);
  await arrangeMember(server.db, { ...ELDERS_SECRETARIAAT, role: 'secretariaat', network: OUTSIDER.network });
  return cast;
});
const api = (role: Role) => ctx.cast.api[role];
const eldersSecretariaat = () => new ApiClient(ctx.server.httpUrl, ELDERS_SECRETARIAAT.token);

/** A past netwerkdag of `ngs` with chosen themes; returns the meeting and theme ids. */
async function netwerkdag(
  cast: Cast,
  titles: string[],
  status: 'closed' | 'preparation' = 'closed',
  date = '2015-11-19',
) {
  const meetingId = await meetingIn(ctx.server, cast, status, { title: `Netwerkdag ${titles[0]}`, dates: [date] });
  const themeIds: number[] = [];
  for (const title of titles) {
    const theme = await themeIn(ctx.server, cast, meetingId, title);
    await setThemeChosen(ctx.server.db, theme.id, true);
    themeIds.push(theme.id);
  }
  return { meetingId, themeIds };
}

async function topicCount(): Promise<number> {
  const row = await ctx.server.db
    .selectFrom('topics')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('the theme timeline', () => {
  it('lets every member read the timeline and only the secretariaat curate its topics', async () => {
    const { meetingId, themeIds } = await netwerkdag(ctx.cast, ['Woninginbraak']);
    const before = await topicCount();
    for (const role of ['klankbordgroep', 'deelnemer', 'gast'] as const) {
      const refused = await api(role).post('/api/networks/ngs/topics', { name: 'Woninginbraak', themeIds });
      expect(refused.status, role).toBe(403);
    }
    expect((await ctx.cast.outsider.post('/api/networks/ngs/topics', { name: 'Inbraak' })).status).toBe(404);
    expect((await ctx.cast.anonymous.post('/api/networks/ngs/topics', { name: 'Inbraak' })).status).toBe(401);
    expect(await topicCount()).toBe(before);

    const created = await api('secretariaat').post('/api/networks/ngs/topics', { name: 'Woninginbraak', themeIds });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const topicId = created.body.topic.id as number;
    for (const role of ['secretariaat', 'klankbordgroep', 'deelnemer', 'gast'] as const) {
      const timeline = await api(role).get('/api/networks/ngs/timeline');
      expect(timeline.status).toBe(200);
      expect(timeline.body.topics).toContainEqual({
        id: topicId,
        name: 'Woninginbraak',
        themeIds,
        meetingIds: [meetingId],
      });
      expect(timeline.body.mayCurate, role).toBe(role === 'secretariaat');
      const meeting = timeline.body.meetings.find((m: { id: number }) => m.id === meetingId);
      expect(meeting.themes).toEqual([{ id: themeIds[0], title: 'Woninginbraak', topicId }]);
    }
    // Suggestions are the secretariaat's work: nobody else is sent them.
    expect((await api('deelnemer').get('/api/networks/ngs/timeline')).body.suggestions).toEqual([]);
    expect((await ctx.cast.outsider.get('/api/networks/ngs/timeline')).status).toBe(404);
    expect((await ctx.cast.anonymous.get('/api/networks/ngs/timeline')).status).toBe(401);

    const other = (await api('secretariaat').post('/api/networks/ngs/topics', { name: 'Inbraak' })).body.topic.id;
    const changes: [string, string, unknown?][] = [
      ['patch', `/api/networks/ngs/topics/${topicId}`, { name: 'Inbraken' }],
      ['post', `/api/networks/ngs/topics/${topicId}/merge`, { intoTopicId: other }],
      ['put', `/api/networks/ngs/topics/${other}/themes/${themeIds[0]}`],
      ['delete', `/api/networks/ngs/topics/${topicId}/themes/${themeIds[0]}`],
      ['delete', `/api/networks/ngs/topics/${topicId}`],
    ];
    for (const role of ['klankbordgroep', 'deelnemer', 'gast'] as const) {
      for (const [method, path, body] of changes) {
        const client = api(role) as unknown as Record<string, (p: string, b?: unknown) => Promise<{ status: number }>>;
        expect((await client[method]!(path, body)).status, `${role} ${method} ${path}`).toBe(403);
      }
    }
    const unchanged = (await api('gast').get('/api/networks/ngs/timeline')).body.topics;
    expect(unchanged).toContainEqual({ id: topicId, name: 'Woninginbraak', themeIds, meetingIds: [meetingId] });

    // The secretariaat renames, moves the theme, merges and deletes.
    expect((await api('secretariaat').patch(`/api/networks/ngs/topics/${topicId}`, { name: 'Inbraken' })).status).toBe(
      200,
    );
    expect((await api('secretariaat').put(`/api/networks/ngs/topics/${other}/themes/${themeIds[0]}`)).status).toBe(200);
    let topics = (await api('gast').get('/api/networks/ngs/timeline')).body.topics;
    expect(topics.find((t: { id: number }) => t.id === topicId).themeIds).toEqual([]);
    expect(topics.find((t: { id: number }) => t.id === other).themeIds).toEqual(themeIds);
    expect(
      (await api('secretariaat').post(`/api/networks/ngs/topics/${other}/merge`, { intoTopicId: topicId })).status,
    ).toBe(200);
    topics = (await api('gast').get('/api/networks/ngs/timeline')).body.topics;
    expect(topics.find((t: { id: number }) => t.id === other)).toBeUndefined();
    expect(topics.find((t: { id: number }) => t.id === topicId)).toEqual({
      id: topicId,
      name: 'Inbraken',
      themeIds,
      meetingIds: [meetingId],
    });
    expect((await api('secretariaat').delete(`/api/networks/ngs/topics/${topicId}/themes/${themeIds[0]}`)).status).toBe(
      204,
    );
    expect((await api('secretariaat').delete(`/api/networks/ngs/topics/${topicId}`)).status).toBe(204);
    expect((await api('secretariaat').delete(`/api/networks/ngs/topics/${topicId}`)).status).toBe(404);
  });

  it('keeps the topics of one network out of another', async () => {
    const { themeIds } = await netwerkdag(ctx.cast, ['Cameratoezicht']);
    const topicId = (await api('secretariaat').post('/api/networks/ngs/topics', { name: 'Toezicht', themeIds })).body
      .topic.id as number;
    const elders = eldersSecretariaat();
    // The secretariaat of another network reaches it through neither its own network nor this one.
    expect((await elders.get(`/api/networks/elders/topics/${topicId}`)).status).toBe(404);
    expect((await elders.patch(`/api/networks/elders/topics/${topicId}`, { name: 'Overgenomen' })).status).toBe(404);
    expect((await elders.delete(`/api/networks/elders/topics/${topicId}`)).status).toBe(404);
    expect((await elders.get(`/api/networks/ngs/topics/${topicId}`)).status).toBe(404);
    expect((await elders.get('/api/networks/ngs/timeline')).status).toBe(404);
    expect((await ctx.cast.outsider.get(`/api/networks/elders/topics/${topicId}`)).status).toBe(404);
    const eldersTimeline = await elders.get('/api/networks/elders/timeline');
    expect(eldersTimeline.body.topics).toEqual([]);
    expect(JSON.stringify(eldersTimeline.body)).not.toContain('Cameratoezicht');

    // Its own topic cannot take a theme of `ngs`, nor `ngs` one of another network's themes.
    const eldersTopic = (await elders.post('/api/networks/elders/topics', { name: 'Toezicht' })).body.topic.id;
    const stolen = await elders.put(`/api/networks/elders/topics/${eldersTopic}/themes/${themeIds[0]}`);
    expect(stolen.status).toBe(400);
    expect(stolen.body.fields).toEqual({ themeIds: 'themeIds.invalid' });
    const eldersNetwork = (await findNetwork(ctx.server.db, OUTSIDER.network))!;
    const foreign = await createMeeting(
      ctx.server.db,
      eldersNetwork.id,
      { title: 'Elders', dates: ['2016-04-07'], format: 'online', hostOrganisationId: null, venue: '' },
      null,
    );
    const foreignTheme = await themeIn(ctx.server, ctx.cast, foreign.id, 'Polarisatie');
    await setThemeChosen(ctx.server.db, foreignTheme.id, true);
    const refused = await api('secretariaat').post('/api/networks/ngs/topics', {
      name: 'Polarisatie',
      themeIds: [foreignTheme.id],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual({ themeIds: 'themeIds.invalid' });
    // Merging into a topic of another network finds nothing.
    const merge = await api('secretariaat').post(`/api/networks/ngs/topics/${topicId}/merge`, {
      intoTopicId: eldersTopic,
    });
    expect(merge.status).toBe(404);
    expect((await api('gast').get(`/api/networks/ngs/topics/${topicId}`)).body.topic.name).toBe('Toezicht');
  });

  it('suggests groupings from shared words, which the secretariaat accepts or ignores', async () => {
    const secretariaat = api('secretariaat');
    const a = await netwerkdag(ctx.cast, ['Radicalisering'], 'closed', '2014-11-20');
    const b = await netwerkdag(ctx.cast, ['Radicalisering en polarisatie'], 'closed', '2016-04-07');
    const c = await netwerkdag(ctx.cast, ['Verwarde personen'], 'closed', '2015-11-19');
    const d = await netwerkdag(ctx.cast, ['Personen met verward gedrag'], 'closed', '2019-05-23');
    const suggestions = async () => (await secretariaat.get('/api/networks/ngs/timeline')).body.suggestions;
    const radicalisering = `new:${[a.themeIds[0], b.themeIds[0]].sort((x, y) => x! - y!).join(',')}`;
    const verward = `new:${[c.themeIds[0], d.themeIds[0]].sort((x, y) => x! - y!).join(',')}`;
    expect(await suggestions()).toContainEqual(
      expect.objectContaining({ key: radicalisering, kind: 'new', name: 'Radicalisering' }),
    );
    expect(await suggestions()).toContainEqual(expect.objectContaining({ key: verward, kind: 'new' }));

    // Only the secretariaat acts on them; a key the server did not make is not found, a malformed one refused.
    for (const role of ['klankbordgroep', 'deelnemer', 'gast'] as const) {
      expect((await api(role).post(`/api/networks/ngs/topic-suggestions/${radicalisering}/accept`)).status).toBe(403);
      expect((await api(role).post(`/api/networks/ngs/topic-suggestions/${radicalisering}/ignore`)).status).toBe(403);
    }
    expect((await secretariaat.post('/api/networks/ngs/topic-suggestions/new:1,2/ignore')).status).toBe(404);
    expect((await secretariaat.post('/api/networks/ngs/topic-suggestions/join:1:2/accept')).status).toBe(404);
    expect((await secretariaat.post('/api/networks/ngs/topic-suggestions/anything/ignore')).status).toBe(400);

    // Ignored, it is not suggested again; accepted, it is a topic.
    expect((await secretariaat.post(`/api/networks/ngs/topic-suggestions/${radicalisering}/ignore`)).status).toBe(204);
    expect((await suggestions()).map((s: { key: string }) => s.key)).not.toContain(radicalisering);
    expect((await secretariaat.post(`/api/networks/ngs/topic-suggestions/${verward}/accept`)).status).toBe(200);
    const { topics } = (await secretariaat.get('/api/networks/ngs/timeline')).body;
    const topic = topics.find((t: { name: string }) => t.name === 'Verwarde personen');
    expect(topic.themeIds.toSorted()).toEqual([c.themeIds[0], d.themeIds[0]].toSorted());

    // A later theme with the same words is suggested to join that topic.
    const e = await netwerkdag(ctx.cast, ['Verwarde personen in de wijk'], 'closed', '2021-11-01');
    const join = `join:${e.themeIds[0]}:${topic.id}`;
    expect(await suggestions()).toContainEqual(expect.objectContaining({ key: join, kind: 'join', topicId: topic.id }));
    expect((await secretariaat.post(`/api/networks/ngs/topic-suggestions/${join}/accept`)).status).toBe(200);
    const after = (await secretariaat.get('/api/networks/ngs/timeline')).body;
    expect(after.topics.find((t: { id: number }) => t.id === topic.id).themeIds).toContain(e.themeIds[0]);
    expect(after.suggestions.map((s: { key: string }) => s.key)).not.toContain(join);
  });

  it('shows each member only the netwerkdagen, verslagen and stellingen they may see, and the voorbeelden', async () => {
    const later = await netwerkdag(ctx.cast, ['Ondermijning'], 'preparation', '2027-04-01');
    const earlier = await netwerkdag(ctx.cast, ['Ondermijning en drugscriminaliteit'], 'closed', '2017-11-01');
    const hidden = await statementIn(ctx.server, later.meetingId, { text: 'Nog geheim voorstel' });
    const shown = await statementIn(ctx.server, earlier.meetingId, { text: 'De burgemeester moet sluiten' });
    const fromDay = await api('deelnemer').post('/api/networks/ngs/examples', {
      title: 'Integrale controles bedrijventerreinen',
      meetingId: earlier.meetingId,
    });
    const tagged = await api('deelnemer').post('/api/networks/ngs/examples', {
      title: 'Weerbare ondernemers',
      tags: ['ondermijning'],
    });
    const unrelated = await api('deelnemer').post('/api/networks/ngs/examples', { title: 'Veilig uitgaan' });
    const created = await api('secretariaat').post('/api/networks/ngs/topics', {
      name: 'Ondermijning',
      themeIds: [...later.themeIds, ...earlier.themeIds],
    });
    const topicId = created.body.topic.id;

    const deelnemer = (await api('deelnemer').get('/api/networks/ngs/timeline')).body;
    expect(deelnemer.meetings.map((m: { id: number }) => m.id)).not.toContain(later.meetingId);
    expect(deelnemer.topics.find((t: { id: number }) => t.id === topicId)).toEqual({
      id: topicId,
      name: 'Ondermijning',
      themeIds: earlier.themeIds,
      meetingIds: [earlier.meetingId],
    });
    // Oldest first, as a timeline runs.
    const dates = deelnemer.meetings.map((m: { date: string }) => m.date);
    expect(dates).toEqual(dates.toSorted());

    const page = (await api('deelnemer').get(`/api/networks/ngs/topics/${topicId}`)).body;
    expect(page.meetings).toEqual([
      { id: earlier.meetingId, title: 'Netwerkdag Ondermijning en drugscriminaliteit', date: '2017-11-01' },
    ]);
    expect(page.statements).toEqual([
      { id: shown.id, meetingId: earlier.meetingId, text: 'De burgemeester moet sluiten' },
    ]);
    // A deelnemer reads the verslag of a closed netwerkdag as it is; a gast only once it is published.
    expect(page.reports).toEqual([expect.objectContaining({ meetingId: earlier.meetingId, published: false })]);
    expect(page.examples.map((e: { id: number }) => e.id).toSorted()).toEqual(
      [fromDay.body.example.id, tagged.body.example.id].toSorted(),
    );
    expect(page.examples.map((e: { id: number }) => e.id)).not.toContain(unrelated.body.example.id);
    expect((await api('gast').get(`/api/networks/ngs/topics/${topicId}`)).body.reports).toEqual([]);

    const preparer = (await api('klankbordgroep').get(`/api/networks/ngs/topics/${topicId}`)).body;
    expect(preparer.meetings.map((m: { id: number }) => m.id)).toEqual([later.meetingId, earlier.meetingId]);
    expect(preparer.statements.map((s: { id: number }) => s.id)).toContain(hidden.id);
    expect((await api('deelnemer').get('/api/networks/ngs/topics/999999')).status).toBe(404);
  });

  it('tells the open timeline of every member that the topics changed, and nobody outside the network', async () => {
    const gast = await openEventStream(ctx.server.httpUrl, 'ngs', members.gast.token);
    const elders = await openEventStream(ctx.server.httpUrl, 'elders', ELDERS_SECRETARIAAT.token);
    try {
      const created = await api('secretariaat').post('/api/networks/ngs/topics', { name: 'Live onderwerp' });
      const topicId = created.body.topic.id;
      await waitFor(
        () => gast.events.some((e) => e.event === 'topic.changed' && e.data.topicId === topicId),
        'the gast to hear of the new topic',
      );
      expect(elders.events.filter((e) => e.event === 'topic.changed')).toEqual([]);
    } finally {
      gast.close();
      elders.close();
    }
  });

  // Last: it fills the network's topics up to the cap.
  it('refuses bad names and more topics than the cap, with a clear error and nothing stored', async () => {
    const secretariaat = api('secretariaat');
    await secretariaat.post('/api/networks/ngs/topics', { name: 'Drugsbeleid' });
    const before = await topicCount();
    const cases: [unknown, number, Record<string, string> | undefined, string][] = [
      [{ name: '' }, 400, { name: 'name.required' }, 'invalid_input'],
      [{ name: '   ' }, 400, { name: 'name.required' }, 'invalid_input'],
      [{ name: 'x'.repeat(81) }, 400, { name: 'name.tooLong' }, 'invalid_input'],
      [{}, 400, { name: 'name.required' }, 'invalid_input'],
      [{ name: 'Ok', themeIds: ['x'] }, 400, { 'themeIds.0': 'themeIds.invalid' }, 'invalid_input'],
      [{ name: 'Ok', themeIds: [999_999] }, 400, { themeIds: 'themeIds.invalid' }, 'invalid_input'],
      // The same name in other case or accents is the same topic.
      [{ name: ' DRÜGSBELEID ' }, 409, { name: 'topic.taken' }, 'invalid_input'],
    ];
    for (const [body, status, fields, error] of cases) {
      const response = await secretariaat.post('/api/networks/ngs/topics', body);
      expect({ status: response.status, body: response.body }, JSON.stringify(body)).toEqual({
        status,
        body: fields ? { error, fields } : { error },
      });
    }
    expect((await secretariaat.post('/api/networks/ngs/topics/abc/merge', { intoTopicId: 1 })).status).toBe(400);
    expect((await secretariaat.post('/api/networks/ngs/topic-suggestions/drop%20table/accept')).status).toBe(400);
    expect(await topicCount()).toBe(before);

    const existing = (await secretariaat.get('/api/networks/ngs/timeline')).body.topics.length as number;
    for (let n = existing; n < MAX_TOPICS_PER_NETWORK; n++) {
      expect((await secretariaat.post('/api/networks/ngs/topics', { name: `Onderwerp ${n}` })).status).toBe(201);
    }
    const full = await secretariaat.post('/api/networks/ngs/topics', { name: 'Eén te veel' });
    expect({ status: full.status, body: full.body }).toEqual({ status: 409, body: { error: 'topic.tooMany' } });
    expect((await secretariaat.get('/api/networks/ngs/timeline')).body.topics).toHaveLength(MAX_TOPICS_PER_NETWORK);
    // Room again once one goes.
    const last = (await secretariaat.get('/api/networks/ngs/timeline')).body.topics.at(-1).id;
    expect((await secretariaat.delete(`/api/networks/ngs/topics/${last}`)).status).toBe(204);
    expect((await secretariaat.post('/api/networks/ngs/topics', { name: 'Eén te veel' })).status).toBe(201);
  });
});

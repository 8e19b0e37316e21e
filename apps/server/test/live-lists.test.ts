import { listSessions } from '@klankbord/db';
import { addItem, addSession, programmeDocumentName, type Role } from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { connectWithoutPresence } from './api/support.ts';
import { arrangeCast, type Cast, meetingIn, members, OUTSIDER, themeIn } from './meetings/fixtures.ts';
import type { Client } from './support/clients.ts';
import { type EventStream, openEventStream } from './support/events.ts';
import { useCastServer } from './support/use-server.ts';

/**
 * Lists that one member changes and others see without reloading: themes, session choices, "dit hielp ons ook"
 * marks and files. Each event reaches the streams of those who may read what it reveals, and no other.
 */
const ctx = useCastServer(arrangeCast);
const opened: EventStream[] = [];
const clients: Client[] = [];
afterEach(() => {
  for (const stream of opened.splice(0)) stream.close();
  for (const client of clients.splice(0)) client.destroy();
});

type Watcher = Role | 'outsider';

/** Opens a ready event stream for each watcher: on `ngs`, or for the outsider on their own network. */
async function watch(...who: Watcher[]): Promise<Record<Watcher, EventStream>> {
  const streams = {} as Record<Watcher, EventStream>;
  for (const watcher of who) {
    const stream =
      watcher === 'outsider'
        ? await openEventStream(ctx.server.httpUrl, OUTSIDER.network, OUTSIDER.token)
        : await openEventStream(ctx.server.httpUrl, 'ngs', members[watcher].token);
    expect(stream.status).toBe(200);
    opened.push(stream);
    await waitFor(() => stream.events.some((e) => e.event === 'ready'), `the ready event of ${watcher}`);
    streams[watcher] = stream;
  }
  return streams;
}

const named = (stream: EventStream, type: string) => stream.events.filter((e) => e.event === type);

/** A voorbeeld per network whose mark a test toggles: an event that every member there receives. */
let markers: { ngs: number; elders: number } | null = null;
let marked = false;

async function exampleIn(slug: string, api: Cast['outsider']): Promise<number> {
  const created = await api.post(`/api/networks/${slug}/examples`, {
    title: 'Buurtpreventie-app',
    tags: [],
    links: [],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.example.id as number;
}

/**
 * Sends every stream an event it may see, and waits for it: a stream delivers in order, so whatever was
 * published to a stream before this has arrived once this has.
 */
async function flush(streams: Partial<Record<Watcher, EventStream>>) {
  markers ??= {
    ngs: await exampleIn('ngs', ctx.cast.api.secretariaat),
    elders: await exampleIn(OUTSIDER.network, ctx.cast.outsider),
  };
  const ids = markers;
  const seen = (stream: EventStream) =>
    named(stream, 'example.marks').filter((e) => e.data.exampleId === ids.ngs || e.data.exampleId === ids.elders)
      .length;
  const before = new Map(Object.values(streams).map((stream) => [stream, seen(stream)]));
  marked = !marked;
  expect((await ctx.cast.api.secretariaat.put(`/api/examples/${ids.ngs}/mark`, { marked })).status).toBe(200);
  expect((await ctx.cast.outsider.put(`/api/examples/${ids.elders}/mark`, { marked })).status).toBe(200);
  for (const [stream, count] of before) await waitFor(() => seen(stream) > count, 'the marker event');
}

/** Waits for the event on every `seeing` stream, then shows that it did not reach the `blind` ones. */
async function expectReach(
  streams: Record<Watcher, EventStream>,
  type: string,
  match: (data: Record<string, unknown>) => boolean,
  seeing: Watcher[],
  blind: Watcher[],
) {
  for (const watcher of seeing) {
    await waitFor(
      () => named(streams[watcher], type).some((e) => match(e.data)),
      `${type} on the stream of ${watcher}`,
    );
  }
  await flush(Object.fromEntries(blind.map((watcher) => [watcher, streams[watcher]])));
  for (const watcher of blind) {
    expect(
      named(streams[watcher], type).filter((e) => match(e.data)),
      `${type} must not reach ${watcher}`,
    ).toEqual([]);
  }
}

async function upload(cast: Cast, role: Role, target: string) {
  const form = new FormData();
  const bytes = new Uint8Array(500).fill(0x20);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  form.set('file', new File([bytes], 'verslag-bijlage.pdf'));
  const response = await fetch(`${ctx.server.httpUrl}/api/attachments?target=${target}`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${cast.api[role].token}` },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { attachment: { id: number } }).attachment;
}

describe('live lists', () => {
  it('tells the preparers of a meeting in preparation about a new theme, and no deelnemer, gast or outsider', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const streams = await watch('secretariaat', 'klankbordgroep', 'deelnemer', 'gast', 'outsider');
    const created = await ctx.cast.api.klankbordgroep.post(`/api/meetings/${meetingId}/themes`, {
      title: 'Carbidschieten',
      why: 'Speelt in veel steden',
    });
    expect(created.status).toBe(201);
    const forMeeting = (data: Record<string, unknown>) => data.meetingId === meetingId;
    await expectReach(
      streams,
      'theme.changed',
      forMeeting,
      ['secretariaat', 'klankbordgroep'],
      ['deelnemer', 'gast', 'outsider'],
    );
    // The event says that the themes changed, not what they are: each reloads what it may see.
    expect(named(streams.secretariaat, 'theme.changed')[0]?.data).toEqual({ type: 'theme.changed', meetingId });
  });

  it('tells them when support moves to a theme', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const theme = await themeIn(ctx.server, ctx.cast, meetingId);
    const streams = await watch('klankbordgroep', 'gast', 'outsider');
    const supported = await ctx.cast.api.secretariaat.put(`/api/meetings/${meetingId}/support`, { themeId: theme.id });
    expect(supported.status).toBe(200);
    await expectReach(
      streams,
      'theme.changed',
      (data) => data.meetingId === meetingId,
      ['klankbordgroep'],
      ['gast', 'outsider'],
    );
  });

  it('tells everyone who sees a published meeting how many chose each session, and no outsider', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const programme = await connectWithoutPresence(ctx.server.collabUrl, programmeDocumentName('ngs', meetingId), {
      token: members.secretariaat.token,
    });
    clients.push(programme);
    const itemId = addItem(programme.doc, { kind: 'deelsessies', title: 'Dilemmatafels', durationMinutes: 60 });
    const sessionId = addSession(programme.doc, itemId, { topic: 'Vuurwerk' });
    await waitFor(async () => (await listSessions(ctx.server.db, meetingId)).length === 1, 'the session projected');
    await ctx.server.db.updateTable('meetings').set({ status: 'published' }).where('id', '=', meetingId).execute();

    const streams = await watch('secretariaat', 'gast', 'outsider');
    const chosen = await ctx.cast.api.deelnemer.put(`/api/meetings/${meetingId}/session-choice`, { sessionId });
    expect(chosen.status).toBe(200);
    await expectReach(
      streams,
      'session.choices',
      (data) => data.meetingId === meetingId,
      ['secretariaat', 'gast'],
      ['outsider'],
    );
    expect(named(streams.gast, 'session.choices').at(-1)?.data).toEqual({
      type: 'session.choices',
      meetingId,
      participants: { [sessionId]: 1 },
    });
  });

  it('tells every member the new count of "dit hielp ons ook" on a voorbeeld, and no outsider', async () => {
    const created = await ctx.cast.api.deelnemer.post('/api/networks/ngs/examples', {
      title: 'Meldpunt verward gedrag',
      status: 'pilot',
      tags: [],
      links: [],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const exampleId = created.body.example.id as number;
    const streams = await watch('gast', 'secretariaat', 'outsider');
    const marked = await ctx.cast.api.klankbordgroep.put(`/api/examples/${exampleId}/mark`, { marked: true });
    expect(marked.status).toBe(200);
    const forExample = (data: Record<string, unknown>) => data.exampleId === exampleId;
    await expectReach(streams, 'example.marks', forExample, ['gast', 'secretariaat'], ['outsider']);
    expect(named(streams.gast, 'example.marks').find((e) => forExample(e.data))?.data).toEqual({
      type: 'example.marks',
      exampleId,
      marks: 1,
    });
  });

  it('tells whoever may read the draft verslag about a file on it, and no gast or outsider', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'reporting');
    const streams = await watch('deelnemer', 'gast', 'outsider');
    const target = `report:${meetingId}`;
    const attachment = await upload(ctx.cast, 'secretariaat', target);
    const forFile = (data: Record<string, unknown>) => data.target === target && data.attachmentId === attachment.id;
    await expectReach(streams, 'attachment.changed', forFile, ['deelnemer'], ['gast', 'outsider']);

    const removed = await ctx.cast.api.secretariaat.delete(`/api/attachments/${attachment.id}`);
    expect(removed.status).toBe(204);
    await waitFor(() => named(streams.deelnemer, 'attachment.changed').length === 2, 'the removal on the stream');
    await flush({ gast: streams.gast });
    expect(named(streams.gast, 'attachment.changed')).toEqual([]);
  });

  it('tells a gast about a file on a meeting they may see', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'published');
    const streams = await watch('gast');
    const onMeeting = await upload(ctx.cast, 'secretariaat', `meeting:${meetingId}`);
    await waitFor(
      () => named(streams.gast, 'attachment.changed').some((e) => e.data.attachmentId === onMeeting.id),
      'the meeting file on the stream of the gast',
    );
  });
});

import { findMeetingSession, listSessions } from '@klankbord/db';
import {
  addItem,
  addSession,
  programmeDocumentName,
  removeSession,
  sessionNotesDocumentName,
  sessionNotesFragment,
} from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiClient, upgradeStatus } from '../api/support.ts';
import { type Client, roundTrip } from '../support/clients.ts';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from './support.ts';

const ctx = useMembersServer();
const { pool } = ctx;

interface Arranged {
  meetingId: number;
  programme: Client;
  itemId: string;
  sessions: string[];
}

/** A meeting whose programme has dilemmatafels with two sessions, projected before this returns. */
async function meetingWithSessions(networkId = ctx.ngs.networkId, slug = 'ngs', token = tokens.secretariaat) {
  const meetingId = await arrangeMeeting(ctx.server.db, networkId, ctx.ngs.userId);
  const programme = await pool.connect(programmeDocumentName(slug, meetingId), token);
  const itemId = addItem(programme.doc, {
    kind: 'deelsessies',
    title: 'Dilemmatafels',
    durationMinutes: 90,
    rotationMinutes: 30,
  });
  const sessions = [
    addSession(programme.doc, itemId, { topic: 'Vuurwerk', facilitator: 'Tilburg', room: 'Zaal 1' }),
    addSession(programme.doc, itemId, { topic: 'Polarisatie', rapporteur: 'CCV', room: 'Zaal 2' }),
  ];
  await waitFor(
    async () => (await listSessions(ctx.server.db, meetingId)).length === 2,
    'the sessions to be projected',
  );
  return { meetingId, programme, itemId, sessions } satisfies Arranged;
}

/** A paragraph of text appended to a session's notes. */
function writeNotes(client: Client, words: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(words)]);
  const notes = sessionNotesFragment(client.doc);
  notes.insert(notes.length, [paragraph]);
}

const notesOf = (client: Client) => sessionNotesFragment(client.doc).toString();

describe('deelsessies', () => {
  it('projects the sessions with their item’s rotation', async () => {
    const { meetingId, itemId, sessions } = await meetingWithSessions();
    expect(await listSessions(ctx.server.db, meetingId)).toEqual([
      expect.objectContaining({ id: sessions[0], itemId, position: 0, topic: 'Vuurwerk', rotationMinutes: 30 }),
      expect.objectContaining({ id: sessions[1], itemId, position: 1, topic: 'Polarisatie', rapporteur: 'CCV' }),
    ]);
  });

  it('lets a deelnemer write the session notes while the meeting is live, and only read them before', async () => {
    const { meetingId, sessions } = await meetingWithSessions();
    const name = sessionNotesDocumentName('ngs', sessions[0] as string);
    // In preparation a deelnemer does not even see the meeting.
    expect(await upgradeStatus(`${ctx.server.collabUrl}/${name}?token=${tokens.deelnemer}`)).toBe(401);

    await moveMeeting(ctx.server.db, meetingId, 'published');
    const early = await pool.connect(name, tokens.deelnemer);
    writeNotes(early, 'Te vroeg');
    expect(await roundTrip(early)).toBe('answered');

    await moveMeeting(ctx.server.db, meetingId, 'live');
    const deelnemer = await pool.connect(name, tokens.deelnemer);
    const gast = await pool.connect(name, tokens.gast);
    const secretariaat = await pool.connect(name, tokens.secretariaat);
    writeNotes(gast, 'Van de gast');
    expect(await roundTrip(gast)).toBe('answered');
    writeNotes(deelnemer, 'Vuurwerkverbod werkt');
    await waitFor(() => notesOf(secretariaat).includes('Vuurwerkverbod werkt'), 'the notes to reach the others');
    expect(notesOf(secretariaat)).not.toContain('Te vroeg');
    expect(notesOf(secretariaat)).not.toContain('Van de gast');
    expect(notesOf(gast)).toContain('Vuurwerkverbod werkt');
  });

  it('refuses the notes of an unknown session, or of a session of another network under this one’s name', async () => {
    const elders = await meetingWithSessions(ctx.ngs.eldersId, 'elders', tokens.elders);
    const ours = await meetingWithSessions();
    await moveMeeting(ctx.server.db, ours.meetingId, 'live');
    await moveMeeting(ctx.server.db, elders.meetingId, 'live');
    const url = (name: string, token: string) => `${ctx.server.collabUrl}/${name}?token=${token}`;

    expect(
      await upgradeStatus(url(sessionNotesDocumentName('ngs', ours.sessions[0] as string), tokens.deelnemer)),
    ).toBe(101);
    expect(await upgradeStatus(url(sessionNotesDocumentName('ngs', 'onbekend'), tokens.secretariaat))).toBe(401);
    expect(
      await upgradeStatus(url(sessionNotesDocumentName('ngs', elders.sessions[0] as string), tokens.secretariaat)),
    ).toBe(401);
    expect(
      await upgradeStatus(url(sessionNotesDocumentName('elders', elders.sessions[0] as string), tokens.elders)),
    ).toBe(101);
  });

  it('does not let one programme take over another meeting’s session by copying its id', async () => {
    const victim = await meetingWithSessions();
    const thief = await meetingWithSessions();
    const stolen = victim.sessions[0] as string;
    const item = thief.programme.doc.getMap<Y.Map<unknown>>('programmeItems').get(thief.itemId);
    const sessions = item?.get('sessions') as Y.Map<Y.Map<unknown>>;
    sessions.set(
      stolen,
      new Y.Map<unknown>([
        ['order', 'V'],
        ['topic', 'Gekaapt'],
      ]),
    );
    addSession(thief.programme.doc, thief.itemId, { topic: 'Merkteken' });
    await waitFor(
      async () => (await listSessions(ctx.server.db, thief.meetingId)).some((session) => session.topic === 'Merkteken'),
      'the thief’s programme to be projected',
    );
    expect(await findMeetingSession(ctx.server.db, stolen)).toMatchObject({
      meetingId: victim.meetingId,
      topic: 'Vuurwerk',
    });
  });

  it('lets a deelnemer pick a session, change it, and see how many picked each', async () => {
    const { meetingId, programme, itemId, sessions } = await meetingWithSessions();
    const [first, second] = sessions as [string, string];
    const deelnemer = new ApiClient(ctx.server.httpUrl, tokens.deelnemer);
    const secretariaat = new ApiClient(ctx.server.httpUrl, tokens.secretariaat);
    const choose = (api: ApiClient, sessionId: unknown) =>
      api.put(`/api/meetings/${meetingId}/session-choice`, { sessionId });
    const overview = async (api: ApiClient) => (await api.get(`/api/meetings/${meetingId}/sessions`)).body;

    // Not yet published: the deelnemer does not see the meeting; the secretariaat sees it but picking has not begun.
    expect((await choose(deelnemer, first)).status).toBe(404);
    expect((await choose(secretariaat, first)).status).toBe(403);

    await moveMeeting(ctx.server.db, meetingId, 'published');
    expect(await choose(deelnemer, first)).toMatchObject({ status: 200, body: { myChoice: first } });
    expect(await choose(secretariaat, first)).toMatchObject({ status: 200 });
    expect(await overview(deelnemer)).toEqual({
      sessions: [
        expect.objectContaining({ id: first, topic: 'Vuurwerk', participants: 2 }),
        expect.objectContaining({ id: second, topic: 'Polarisatie', participants: 0 }),
      ],
      myChoice: first,
    });

    expect((await choose(deelnemer, second)).status).toBe(200);
    const after = await overview(deelnemer);
    expect(after.sessions.map((session: { participants: number }) => session.participants)).toEqual([1, 1]);
    expect(after.myChoice).toBe(second);

    // A session removed from the programme takes its choices with it.
    removeSession(programme.doc, itemId, second);
    await waitFor(async () => (await overview(deelnemer)).myChoice === null, 'the removed session’s choices to go');
    expect((await overview(deelnemer)).sessions).toHaveLength(1);

    expect(await choose(deelnemer, null)).toMatchObject({ status: 200, body: { myChoice: null } });
    expect((await choose(new ApiClient(ctx.server.httpUrl, tokens.gast), first)).status).toBe(403);
  });

  it('refuses to pick an unknown session, another meeting’s session, or something that is no session id', async () => {
    const { meetingId } = await meetingWithSessions();
    const other = await meetingWithSessions();
    await moveMeeting(ctx.server.db, meetingId, 'published');
    const deelnemer = new ApiClient(ctx.server.httpUrl, tokens.deelnemer);
    const choose = (body: unknown, id = meetingId) => deelnemer.put(`/api/meetings/${id}/session-choice`, body);

    expect(await choose({ sessionId: 'onbekend' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_input', fields: { sessionId: 'session.unknown' } },
    });
    expect((await choose({ sessionId: other.sessions[0] })).status).toBe(400);
    for (const body of [{ sessionId: 42 }, { sessionId: '../x' }, { sessionId: 'x'.repeat(101) }, {}, []]) {
      expect((await choose(body)).status).toBe(400);
    }
    expect((await choose({ sessionId: null }, 999_999)).status).toBe(404);
    expect((await deelnemer.get('/api/meetings/abc/sessions')).status).toBe(400);
    expect((await new ApiClient(ctx.server.httpUrl).get(`/api/meetings/${meetingId}/sessions`)).status).toBe(401);
    const stored = await ctx.server.db
      .selectFrom('session_choices')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .execute();
    expect(stored).toEqual([]);
  });
});

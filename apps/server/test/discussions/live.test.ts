import { waitFor } from '@klankbord/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventStream, openEventStream } from '../support/events.ts';
import { READ_TOKEN, startTestServer, stopServer, type TestServer, WRITE_TOKEN } from '../support/server.ts';
import { arrangeCast, arrangeMeeting, OUTSIDER_TOKEN, openThread, post, SECOND_DEELNEMER_TOKEN } from './support.ts';

let server: TestServer | undefined;
const streams: EventStream[] = [];

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await stopServer(server);
  server = undefined;
});

async function stream(token: string): Promise<EventStream> {
  const opened = await openEventStream(server!.httpUrl, 'ngs', token);
  streams.push(opened);
  await waitFor(() => opened.events.some((e) => e.event === 'ready'), 'the ready event');
  return opened;
}

const messagesOf = (events: EventStream['events'], type: string) =>
  events.filter((e) => e.event === type).map((e) => e.data.message as { id: number; body: string | null });

describe('discussions live', () => {
  it("shows a member's message to another member without reload, and keeps it across a restart", async () => {
    server = await startTestServer();
    const cast = await arrangeCast(server);
    const meeting = await arrangeMeeting(server.db, cast, 'published');
    const thread = await openThread(cast.deelnemer, `meeting:${meeting.id}`);
    const other = await stream(SECOND_DEELNEMER_TOKEN);
    const gast = await stream(READ_TOKEN);

    const sent = await post(cast.deelnemer, thread.id, 'Wie neemt de dilemmatafel over carbid?', [cast.deelnemer2.id]);

    await waitFor(() => messagesOf(other.events, 'message.created').length === 1, 'the message at the other member');
    const event = other.events.find((e) => e.event === 'message.created')!.data;
    expect(event).toMatchObject({
      type: 'message.created',
      meetingId: meeting.id,
      threadId: thread.id,
      subject: `meeting:${meeting.id}`,
      message: { id: sent.id, body: 'Wie neemt de dilemmatafel over carbid?', mentions: [cast.deelnemer2.id] },
    });
    // A gast may read the meeting, so sees it too.
    await waitFor(() => messagesOf(gast.events, 'message.created').length === 1, 'the message at the gast');

    const dataDir = server.dataDir;
    for (const s of streams.splice(0)) s.close();
    await server.close();
    server = await startTestServer({ dataDir });
    const again = await arrangeCast(server);
    const reopened = await openThread(again.deelnemer2, `meeting:${meeting.id}`);
    expect(reopened.id).toBe(thread.id);
    expect(reopened.messages).toEqual([
      expect.objectContaining({
        id: sent.id,
        body: 'Wie neemt de dilemmatafel over carbid?',
        authorId: cast.deelnemer.id,
        authorName: 'deelnemer',
      }),
    ]);
  });

  it('sends edits and deletions, and keeps a meeting in preparation away from those who may not see it', async () => {
    server = await startTestServer();
    const cast = await arrangeCast(server);
    const preparing = await arrangeMeeting(server.db, cast, 'preparation');
    const published = await arrangeMeeting(server.db, cast, 'published');
    const deelnemer = await stream(WRITE_TOKEN);
    const outsider = await openEventStream(server.httpUrl, 'ngs', OUTSIDER_TOKEN);
    expect(outsider.status).toBe(404);

    const secret = await openThread(cast.klankbordgroep, `meeting:${preparing.id}`);
    await post(cast.klankbordgroep, secret.id, 'Nog even onder ons: het thema');
    const open = await openThread(cast.klankbordgroep, `meeting:${published.id}`);
    const visible = await post(cast.klankbordgroep, open.id, 'Het programma staat online');
    expect(
      (await cast.klankbordgroep.api.patch(`/api/messages/${visible.id}`, { body: 'Het programma staat nu online' }))
        .status,
    ).toBe(200);
    expect((await cast.klankbordgroep.api.delete(`/api/messages/${visible.id}`)).status).toBe(204);

    // Events of one stream arrive in order: once the deletion is there, the earlier message would have been too.
    await waitFor(() => messagesOf(deelnemer.events, 'message.deleted').length === 1, 'the deletion');
    expect(messagesOf(deelnemer.events, 'message.created').map((m) => m.id)).toEqual([visible.id]);
    expect(messagesOf(deelnemer.events, 'message.edited')).toEqual([
      expect.objectContaining({ id: visible.id, body: 'Het programma staat nu online' }),
    ]);
    expect(messagesOf(deelnemer.events, 'message.deleted')).toEqual([
      expect.objectContaining({ id: visible.id, body: null, deletedBy: cast.klankbordgroep.id }),
    ]);
  });
});

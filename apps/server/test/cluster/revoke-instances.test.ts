import { CloseCode } from '@klankbord/collab';
import { exampleDocumentName, programmeDocumentName } from '@klankbord/domain';
import { type RedisServer, startRedis, waitFor } from '@klankbord/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, connectWithoutPresence, recordCloses, signedIn } from '../api/support.ts';
import { arrangeCast, type Cast, meetingIn, members } from '../meetings/fixtures.ts';
import { type Client, roundTrip } from '../support/clients.ts';
import { type EventStream, openEventStream } from '../support/events.ts';
import { arrangeMember } from '../support/members.ts';
import { type Instances, startInstances, stopInstances, waitForRedis } from './live-instances.ts';

// What ends on one instance ends on every instance: sign-out, a membership, a meeting's status, a deleted document.
describe('revocations across instances', () => {
  let redis: RedisServer;
  let instances: Instances;
  let cast: Cast;
  const opened: EventStream[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    instances = await startInstances(redis);
    cast = await arrangeCast(instances.a);
  });
  afterAll(async () => {
    await stopInstances(instances ?? {}, redis);
    await redis?.remove();
  });
  afterEach(() => {
    for (const stream of opened.splice(0)) stream.close();
    for (const client of clients.splice(0)) client.destroy();
  });

  async function ready(stream: EventStream): Promise<EventStream> {
    expect(stream.status).toBe(200);
    opened.push(stream);
    await waitFor(() => stream.events.some((e) => e.event === 'ready'), 'the ready event');
    return stream;
  }

  const ends = (stream: EventStream) => {
    let ended = false;
    void stream.ended.then(() => {
      ended = true;
    });
    return () => ended;
  };

  it('ends the event stream and the collaboration socket on b when the session signs out on a', async () => {
    const { a, b } = instances;
    await arrangeMember(a.db, { email: 'twee-servers@example.nl', role: 'deelnemer' });
    const browser = await signedIn(a.httpUrl, 'twee-servers@example.nl');
    const session = browser.session!;
    const stream = await ready(await openEventStream(b.httpUrl, 'ngs', { session }));
    const socket = await connectWithoutPresence(b.collabUrl, 'notes:ngs:afmelden', {
      session,
      origin: new URL(b.httpUrl).origin,
    });
    clients.push(socket);
    const closes = recordCloses(socket);
    // Another person's stream on b stays open.
    const other = await ready(await openEventStream(b.httpUrl, 'ngs', members.deelnemer.token));
    const otherEnded = ends(other);

    expect((await browser.post('/api/auth/logout')).status).toBe(204);

    await stream.ended;
    await waitFor(() => closes.includes(CloseCode.accessRevoked), 'the socket on b to close as revoked');
    expect((await ApiClient.withSession(b.httpUrl, session).get('/api/auth/me')).status).toBe(401);
    expect(otherEnded()).toBe(false);
  });

  it("ends a removed member's stream on b, in that network only", async () => {
    const { a, b } = instances;
    const token = 'kb_cluster-vertrekker-0123456789';
    const { userId } = await arrangeMember(a.db, { email: 'vertrekker@example.nl', role: 'deelnemer', token });
    await arrangeMember(a.db, { email: 'vertrekker@example.nl', role: 'deelnemer', network: 'elders' });
    const inNgs = await ready(await openEventStream(b.httpUrl, 'ngs', token));
    const inElders = await ready(await openEventStream(b.httpUrl, 'elders', token));
    const eldersEnded = ends(inElders);

    expect((await cast.api.secretariaat.delete(`/api/networks/ngs/members/${userId}`)).status).toBe(204);

    await inNgs.ended;
    // Its own events still reach it: the stream in the other network is open and served.
    b.live.publishToUser(userId, { type: 'notification.created', unread: 42 });
    await waitFor(() => inElders.events.some((e) => e.data.unread === 42), 'an event on the remaining stream');
    expect(eldersEnded()).toBe(false);
  });

  it("reconnects the sockets on b of a meeting's documents when its status changes on a", async () => {
    const { b } = instances;
    const meetingId = await meetingIn(instances.a, cast, 'preparation');
    const programme = await connectWithoutPresence(b.collabUrl, programmeDocumentName('ngs', meetingId), {
      token: members.klankbordgroep.token,
    });
    clients.push(programme);
    const elsewhere = await connectWithoutPresence(b.collabUrl, 'notes:ngs:ander-document', {
      token: members.klankbordgroep.token,
    });
    clients.push(elsewhere);
    const closes = recordCloses(programme);
    const otherCloses = recordCloses(elsewhere);

    const moved = await cast.api.secretariaat.post(`/api/meetings/${meetingId}/status`, { status: 'published' });
    expect(moved.status).toBe(200);

    await waitFor(() => closes.includes(CloseCode.accessChanged), 'the programme socket on b to be re-authorised');
    expect(otherCloses).toEqual([]);
  });

  it('drops the room of a deleted voorbeeld on b, and b does not write it again', async () => {
    const { a, b } = instances;
    const created = await cast.api.deelnemer.post('/api/networks/ngs/examples', {
      title: 'Buurtpreventie-app',
      tags: [],
      links: [],
    });
    expect(created.status).toBe(201);
    const name = exampleDocumentName('ngs', created.body.example.id);
    const description = await connectWithoutPresence(b.collabUrl, name, { token: members.deelnemer.token });
    clients.push(description);
    const closes = recordCloses(description);
    description.doc.getText('content').insert(0, 'Een app voor buurtpreventie');
    expect(await roundTrip(description)).toBe('answered');
    const stored = () => a.db.selectFrom('documents').select('id').where('name', '=', name).executeTakeFirst();
    const documentId = (await stored())!.id;
    const rowsOf = async (table: 'document_updates' | 'document_snapshots') =>
      (await a.db.selectFrom(table).select('document_id').where('document_id', '=', documentId).execute()).length;
    const roomsBefore = b.collab.openRooms;

    expect((await cast.api.deelnemer.delete(`/api/examples/${created.body.example.id}`)).status).toBe(204);

    await waitFor(() => closes.includes(CloseCode.accessRevoked), 'the socket on b to close as deleted');
    await waitFor(() => b.collab.openRooms === roomsBefore - 1, "b's room of the document to go");
    expect(b.collab.connectionsTo(name)).toBe(0);
    // Evicting on b ran its last compaction; nothing of the document is in the database afterwards.
    expect(await stored()).toBeUndefined();
    expect(await rowsOf('document_updates')).toBe(0);
    expect(await rowsOf('document_snapshots')).toBe(0);
  });
  it('ends on b, once Redis is back, the stream of a session that signed out on a while Redis was down', async () => {
    const { a, b } = instances;
    await arrangeMember(a.db, { email: 'tijdens-storing@example.nl', role: 'deelnemer' });
    const browser = await signedIn(a.httpUrl, 'tijdens-storing@example.nl');
    const session = browser.session!;
    const stream = await ready(await openEventStream(b.httpUrl, 'ngs', { session }));
    const ended = ends(stream);

    await redis.stop({ kill: true });
    await waitForRedis(instances, false);
    expect((await browser.post('/api/auth/logout')).status).toBe(204);
    // The revocation could not cross.
    expect(ended()).toBe(false);

    await redis.start();
    await waitForRedis(instances, true);
    await stream.ended;
    // Opened again, as the web app does, it is authorised afresh: the session is gone.
    expect((await openEventStream(b.httpUrl, 'ngs', { session })).status).toBe(401);
  });

  it('authorises the sockets on b afresh once Redis is back, so a sign-out lost on the way ends them too', async () => {
    const { a, b } = instances;
    await arrangeMember(a.db, { email: 'socket-storing@example.nl', role: 'deelnemer' });
    const browser = await signedIn(a.httpUrl, 'socket-storing@example.nl');
    const session = browser.session!;
    const document = 'notes:ngs:storing';
    const socket = await connectWithoutPresence(b.collabUrl, document, { session, origin: new URL(b.httpUrl).origin });
    clients.push(socket);
    const closes = recordCloses(socket);

    await redis.stop({ kill: true });
    await waitForRedis(instances, false);
    expect((await browser.post('/api/auth/logout')).status).toBe(204);
    expect(await roundTrip(socket)).toBe('answered');

    await redis.start();
    await waitForRedis(instances, true);
    // Every socket reconnects and is authorised again (4001); this one's session is gone, so it stays out.
    await waitFor(() => closes.includes(CloseCode.accessChanged), 'the socket on b to be sent to authorise again');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(b.collab.connectionsTo(document)).toBe(0);
    expect(socket.provider.synced && socket.provider.wsconnected).toBe(false);
  });
});

import { type RedisServer, startRedis, waitFor } from '@klankbord/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { arrangeCast, type Cast, meetingIn, members, OUTSIDER } from '../meetings/fixtures.ts';
import { type EventStream, openEventStream } from '../support/events.ts';
import { type Instances, startInstances, stopInstances, waitForRedis } from './live-instances.ts';

// Live events made on one instance reach the streams on the other, each instance deciding for its own streams.
describe('live events across instances', () => {
  let redis: RedisServer;
  let instances: Instances;
  let cast: Cast;
  const opened: EventStream[] = [];

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
  });

  /** A ready stream on `server`'s instance: of `ngs` for a role, or of the outsider's own network. */
  async function watch(httpUrl: string, who: keyof typeof members | 'outsider'): Promise<EventStream> {
    const stream =
      who === 'outsider'
        ? await openEventStream(httpUrl, OUTSIDER.network, OUTSIDER.token)
        : await openEventStream(httpUrl, 'ngs', members[who].token);
    expect(stream.status).toBe(200);
    opened.push(stream);
    await waitFor(() => stream.events.some((e) => e.event === 'ready'), `the ready event of ${who}`);
    return stream;
  }

  const named = (stream: EventStream, type: string) => stream.events.filter((e) => e.event === type);
  let flushes = 0;

  /**
   * Sends each watcher's person a notification event from instance a and waits for it on the stream: events
   * from one instance arrive in the order it sent them, so whatever was sent to a stream before has arrived.
   */
  async function flush(streams: [EventStream, number][]): Promise<void> {
    const unread = 1000 + ++flushes;
    for (const [, userId] of streams) instances.a.live.publishToUser(userId, { type: 'notification.created', unread });
    for (const [stream] of streams) {
      await waitFor(
        () => named(stream, 'notification.created').some((e) => e.data.unread === unread),
        'the flushing event',
      );
    }
  }

  it("brings a theme proposed on one instance to the preparers' streams on the other, and to nobody else", async () => {
    const meetingId = await meetingIn(instances.a, cast, 'preparation');
    const { b } = instances;
    const preparer = await watch(b.httpUrl, 'klankbordgroep');
    const gast = await watch(b.httpUrl, 'gast');
    const outsider = await watch(b.httpUrl, 'outsider');
    const outsiderId = (
      await b.db.selectFrom('users').select('id').where('email', '=', OUTSIDER.email).executeTakeFirstOrThrow()
    ).id;

    const proposed = await cast.api.klankbordgroep.post(`/api/meetings/${meetingId}/themes`, {
      title: 'Carbidschieten',
      why: 'Speelt in veel steden',
    });
    expect(proposed.status).toBe(201);

    await waitFor(() => named(preparer, 'theme.changed').length > 0, 'the theme event on the other instance');
    expect(named(preparer, 'theme.changed')[0]?.data).toEqual({ type: 'theme.changed', meetingId });
    await flush([
      [gast, cast.userIds.gast],
      [outsider, outsiderId],
    ]);
    // A gast may not see themes in preparation; the outsider is a member of another network.
    expect(named(gast, 'theme.changed')).toEqual([]);
    expect(named(outsider, 'theme.changed')).toEqual([]);
  });

  it("brings a person's own event to their streams on every instance", async () => {
    const onA = await watch(instances.a.httpUrl, 'deelnemer');
    const onB = await watch(instances.b.httpUrl, 'deelnemer');
    const other = await watch(instances.b.httpUrl, 'secretariaat');

    instances.b.live.publishToUser(cast.userIds.deelnemer, { type: 'notification.created', unread: 7 });

    for (const stream of [onA, onB]) {
      await waitFor(
        () => named(stream, 'notification.created').some((e) => e.data.unread === 7),
        'the notification on both instances',
      );
    }
    await flush([[other, cast.userIds.secretariaat]]);
    expect(named(other, 'notification.created').some((e) => e.data.unread === 7)).toBe(false);
  });

  it('keeps serving each instance’s own streams while Redis is down, then has them reload, and crosses again', async () => {
    const { a, b } = instances;
    const onA = await watch(a.httpUrl, 'secretariaat');
    const onB = await watch(b.httpUrl, 'secretariaat');
    const meetingId = await meetingIn(a, cast, 'preparation');
    const statusOf = (stream: EventStream, status: string) =>
      named(stream, 'meeting.status').some((e) => e.data.meetingId === meetingId && e.data.status === status);

    await redis.stop({ kill: true });
    await waitForRedis(instances, false);
    const published = await cast.api.secretariaat.post(`/api/meetings/${meetingId}/status`, { status: 'published' });
    expect(published.status).toBe(200);
    await waitFor(() => statusOf(onA, 'published'), 'the event on the instance that made it');
    // Nothing can cross while Redis is down; b's own streams are still open and served.
    expect(statusOf(onB, 'published')).toBe(false);
    const lateOnB = await watch(b.httpUrl, 'klankbordgroep');
    b.live.publishToUser(cast.userIds.klankbordgroep, { type: 'notification.created', unread: 3000 });
    await waitFor(() => named(lateOnB, 'notification.created').length > 0, "b's own event on b's stream");

    await redis.start();
    await waitForRedis(instances, true);
    // What b's streams missed is not sent again: they end, and the web app reopens them and reloads.
    await Promise.all([onB.ended, lateOnB.ended, onA.ended]);
    const again = await watch(b.httpUrl, 'secretariaat');
    // Best effort: an event sent before b's subscription is back may be lost, so the test sends until one arrives.
    let unread = 2000;
    await waitFor(
      () => {
        a.live.publishToUser(cast.userIds.secretariaat, { type: 'notification.created', unread: ++unread });
        return named(again, 'notification.created').some((e) => Number(e.data.unread) > 2000);
      },
      'events from a to reach b again',
      20_000,
      100,
    );
    const live = await cast.api.secretariaat.post(`/api/meetings/${meetingId}/status`, { status: 'live' });
    expect(live.status).toBe(200);
    await waitFor(() => statusOf(again, 'live'), 'the next status event to reach b');
  });
});

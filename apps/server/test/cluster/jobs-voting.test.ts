import { createStatement, findUserByEmail, setVotingOpen } from '@klankbord/db';
import type { AnyLiveEvent } from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDueVoting } from '../../src/voting-deadlines.ts';
import { arrangeMeeting, moveMeeting } from '../programme/support.ts';
import type { TestServer } from '../support/server.ts';
import { startTwoInstances, stopInstances } from './jobs-support.ts';

// Two instances on one PostgreSQL database, each checking the voting deadlines every second, without Redis between
// them: what each instance publishes reaches its own streams only, so the two together show how often it was said.
describe('closing voting at its deadline on two instances', () => {
  let servers: [TestServer, TestServer] | undefined;
  let one: TestServer;
  let two: TestServer;
  let meetingId: number;
  const heard = new Map<TestServer, AnyLiveEvent[]>();

  beforeAll(async () => {
    servers = await startTwoInstances({});
    [one, two] = servers;
    const secretariaat = (await findUserByEmail(one.db, 'programma-sec@example.nl'))!;
    const network = await one.db
      .selectFrom('networks')
      .select('id')
      .where('slug', '=', 'ngs')
      .executeTakeFirstOrThrow();
    meetingId = await arrangeMeeting(one.db, network.id, secretariaat.id);
    await moveMeeting(one.db, meetingId, 'live');
    for (const server of servers) {
      const events: AnyLiveEvent[] = [];
      heard.set(server, events);
      server.live.subscribe(network.id, {
        userId: secretariaat.id,
        credential: 'jobs-voting-test',
        role: 'secretariaat',
        send: (event) => events.push(event),
        close: () => {},
      });
    }
  });
  afterAll(() => stopInstances(servers ?? []));

  /** Statements of the meeting with voting open until these closing times. */
  async function openStatements(closingTimes: number[]): Promise<number[]> {
    const ids: number[] = [];
    for (const [n, closesAt] of closingTimes.entries()) {
      const statement = await createStatement(one.db, meetingId, {
        text: `Stelling ${n}`,
        context: '',
        sessionId: null,
      });
      await setVotingOpen(one.db, statement.id, true, Date.now(), closesAt);
      ids.push(statement.id);
    }
    return ids;
  }

  /** The statements whose closing was announced, on either instance, once per announcement. */
  const announcedClosed = () =>
    [...heard.values()]
      .flat()
      .flatMap((event) => (event.type === 'statement.voting' && !event.votingOpen ? [event.statementId] : []))
      .sort((a, b) => a - b);

  it('closes each statement once when both instances find it due at the same moment, and announces it once', async () => {
    // Due an hour from now for the instances' own checks; the test runs both checks as of that hour, at once.
    const hour = Date.now() + 60 * 60 * 1000;
    const ids = await openStatements(Array.from({ length: 12 }, () => hour));
    const before = announcedClosed().length;
    const closed = await Promise.all([closeDueVoting(one, hour), closeDueVoting(two, hour)]);
    expect(closed[0] + closed[1]).toBe(ids.length);
    expect(announcedClosed().slice(before)).toEqual(ids);
  });

  it('closes voting by itself on the instances’ own checks, each announced once', async () => {
    const start = Date.now();
    // Spread over a few of the checks of both instances.
    const ids = await openStatements(Array.from({ length: 8 }, (_, n) => start + 300 + (n % 4) * 300));
    const stillOpen = async () =>
      (await one.db.selectFrom('statements').select('id').where('id', 'in', ids).where('voting_open', '=', 1).execute())
        .length;
    await waitFor(async () => (await stillOpen()) === 0, 'every deadline to close its voting', 15_000, 50);
    // A check under way finishes before an instance stops: after this, nothing more can be announced.
    await stopInstances(servers ?? []);
    servers = undefined;
    expect(announcedClosed().filter((id) => ids.includes(id))).toEqual(ids);
  });
});

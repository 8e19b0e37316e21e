import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './connection.ts';
import { addGuestVoter, castGuestVote } from './guest-votes.ts';
import { createMeeting } from './meetings.ts';
import { createNetwork } from './networks.ts';
import { ensureOrganisation } from './organisations.ts';
import {
  castVote,
  closeVotingAtDeadline,
  createStatement,
  findStatement,
  listStatements,
  setVotingOpen,
  tallyByOrganisation,
  tallyStatements,
} from './statements.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';
import { createUser } from './users.ts';

describe('statements', () => {
  let database: TestDatabase;
  let db: Db;
  let meetingId: number;
  let userIds: number[];

  beforeEach(async () => {
    database = await openTestDatabase();
    db = database.db;
    const network = await createNetwork(db, { slug: 'ngs', name: 'NGS', purpose: '' });
    userIds = [];
    for (const name of ['a', 'b', 'c']) {
      const user = await createUser(db, { email: `${name}@example.nl`, name, organisationId: null, passwordHash: 'x' });
      userIds.push(user!.id);
    }
    const meeting = await createMeeting(
      db,
      network!.id,
      { title: 'Netwerkdag', dates: ['2025-10-09'], format: 'online', hostOrganisationId: null, venue: '' },
      userIds[0]!,
    );
    meetingId = meeting.id;
  });
  afterEach(async () => {
    await database.close();
  });

  it('appends each new statement after the last, by order key', async () => {
    for (const text of ['een', 'twee', 'drie', 'vier']) {
      await createStatement(db, meetingId, { text, context: '', sessionId: null });
    }
    const statements = await listStatements(db, meetingId);
    expect(statements.map((s) => s.text)).toEqual(['een', 'twee', 'drie', 'vier']);
    const keys = statements.map((s) => s.order);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses a vote while voting is closed and replaces a member’s earlier position', async () => {
    const statement = await createStatement(db, meetingId, { text: 'Stelling', context: '', sessionId: null });
    expect(await castVote(db, statement.id, userIds[0]!, 'agree')).toBe('closed');
    await setVotingOpen(db, statement.id, true);
    await castVote(db, statement.id, userIds[0]!, 'agree');
    await castVote(db, statement.id, userIds[1]!, 'agree');
    expect(await castVote(db, statement.id, userIds[0]!, 'neutral')).toEqual({ agree: 1, neutral: 1, disagree: 0 });
    expect(await castVote(db, 999_999, userIds[0]!, 'neutral')).toBeUndefined();
  });

  it('tallies several statements at once, with zeros for those without votes', async () => {
    const a = await createStatement(db, meetingId, { text: 'A', context: '', sessionId: null });
    const b = await createStatement(db, meetingId, { text: 'B', context: '', sessionId: null });
    await setVotingOpen(db, a.id, true);
    await castVote(db, a.id, userIds[0]!, 'disagree');
    await castVote(db, a.id, userIds[1]!, 'disagree');
    await castVote(db, a.id, userIds[2]!, 'agree');
    const tallies = await tallyStatements(db, [a.id, b.id]);
    expect(tallies.get(a.id)).toEqual({ agree: 1, neutral: 0, disagree: 2 });
    expect(tallies.get(b.id)).toEqual({ agree: 0, neutral: 0, disagree: 0 });
  });

  it('refuses votes of members and guests once the closing time has come, without any timer', async () => {
    const statement = await createStatement(db, meetingId, { text: 'Stelling', context: '', sessionId: null });
    const now = Date.now();
    await setVotingOpen(db, statement.id, true, now, now + 1000);
    expect((await findStatement(db, statement.id))?.votingClosesAt).toBe(now + 1000);
    expect(await castVote(db, statement.id, userIds[0]!, 'agree', now + 999)).toEqual({
      agree: 1,
      neutral: 0,
      disagree: 0,
    });
    expect(await castVote(db, statement.id, userIds[1]!, 'agree', now + 1000)).toBe('closed');
    const guest = await addGuestVoter(db, meetingId, 'device', { name: 'Gast', organisation: 'Breda' });
    if (guest === 'full') throw new Error('full');
    expect(await castGuestVote(db, statement.id, guest.id, 'agree', now + 1001)).toBe('closed');
    // Read after its closing time, by any query, the statement says closed before the server has closed it.
    await db
      .updateTable('statements')
      .set({ voting_closes_at: Date.now() - 1 })
      .where('id', '=', statement.id)
      .execute();
    expect((await listStatements(db, meetingId)).find((s) => s.id === statement.id)?.votingOpen).toBe(false);
    expect((await findStatement(db, statement.id))?.votingOpen).toBe(false);
    await db
      .updateTable('statements')
      .set({ voting_closes_at: now + 1000 })
      .where('id', '=', statement.id)
      .execute();
    // Closing at a closing time that was since moved closes nothing.
    expect(await closeVotingAtDeadline(db, statement.id, now + 5000)).toBeUndefined();
    const closed = await closeVotingAtDeadline(db, statement.id, now + 1000);
    expect(closed?.votingOpen).toBe(false);
    // Closing by hand clears the closing time; opening again without one leaves it open.
    await setVotingOpen(db, statement.id, true);
    expect((await findStatement(db, statement.id))?.votingClosesAt).toBeNull();
  });

  it('counts votes per organisation: members by their city, guests by what they typed, spellings together', async () => {
    const utrecht = await ensureOrganisation(db, { name: 'Gemeente Utrecht', shortName: 'Utrecht', kind: 'gemeente' });
    await db.updateTable('users').set({ organisation_id: utrecht.id }).where('id', 'in', userIds.slice(0, 2)).execute();
    const statement = await createStatement(db, meetingId, { text: 'Stelling', context: '', sessionId: null });
    await setVotingOpen(db, statement.id, true);
    await castVote(db, statement.id, userIds[0]!, 'agree');
    await castVote(db, statement.id, userIds[1]!, 'disagree');
    await castVote(db, statement.id, userIds[2]!, 'agree');
    for (const [device, organisation] of [
      ['d1', 'gemeente utrecht'],
      ['d2', 'Breda'],
    ] as const) {
      const guest = await addGuestVoter(db, meetingId, device, { name: device, organisation });
      if (guest === 'full') throw new Error('full');
      await castGuestVote(db, statement.id, guest.id, 'neutral');
    }
    const groups = (await tallyByOrganisation(db, [statement.id])).get(statement.id) ?? [];
    const byName = new Map(groups.map((group) => [group.organisation, group.tally]));
    expect(byName.get('Utrecht')).toEqual({ agree: 1, neutral: 1, disagree: 1 });
    expect(byName.get('Breda')).toEqual({ agree: 0, neutral: 1, disagree: 0 });
    expect(byName.get(null)).toEqual({ agree: 1, neutral: 0, disagree: 0 });
    expect(groups).toHaveLength(3);
  });
});

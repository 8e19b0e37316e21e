import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './connection.ts';
import { createMeeting } from './meetings.ts';
import { createNetwork } from './networks.ts';
import { castVote, createStatement, listStatements, setVotingOpen, tallyStatements } from './statements.ts';
import { createUser } from './users.ts';

describe('statements', () => {
  let dir: string;
  let db: Db;
  let meetingId: number;
  let userIds: number[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klankbord-db-'));
    db = await openDatabase({ file: join(dir, 'klankbord.sqlite') });
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
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
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
});

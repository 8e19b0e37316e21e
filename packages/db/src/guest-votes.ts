import { GUEST_VOTERS_PER_MEETING_MAX, type Position, type Tally } from '@klankbord/domain';
import { type Db, inTransaction } from './connection.ts';
import { emptyTally, takesVotes, tallyVotesIn } from './statements.ts';
import { lockUntilCommit } from './transaction-lock.ts';

/** A netwerkdag's day code as the secretariaat sees it. */
export interface DayCode {
  meetingId: number;
  code: string;
  enabled: boolean;
}

/** A guest who came in through a day code. */
export interface GuestVoter {
  id: number;
  meetingId: number;
  name: string;
  organisation: string;
}

/** The day code of a meeting, if one was ever made. */
export async function findDayCode(db: Db, meetingId: number): Promise<DayCode | undefined> {
  const row = await db
    .selectFrom('day_codes')
    .select(['meeting_id', 'code', 'enabled'])
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  return row && { meetingId: row.meeting_id, code: row.code, enabled: row.enabled === 1 };
}

/** The day code with this hash, turned on or not. */
export async function findDayCodeByHash(db: Db, codeHash: string): Promise<DayCode | undefined> {
  const row = await db
    .selectFrom('day_codes')
    .select(['meeting_id', 'code', 'enabled'])
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  return row && { meetingId: row.meeting_id, code: row.code, enabled: row.enabled === 1 };
}

/** Gives a meeting a new day code (replacing the old one, which stops working at once), turned on. */
export async function putDayCode(
  db: Db,
  meetingId: number,
  code: { value: string; hash: string },
  createdBy: number,
  now = Date.now(),
): Promise<DayCode> {
  const values = { code: code.value, code_hash: code.hash, created_by: createdBy, enabled: 1, updated_at: now };
  await db
    .insertInto('day_codes')
    .values({ meeting_id: meetingId, created_at: now, ...values })
    .onConflict((oc) => oc.column('meeting_id').doUpdateSet(values))
    .execute();
  return { meetingId, code: code.value, enabled: true };
}

/** Turns a meeting's day code on or off; undefined when it has none. */
export async function setDayCodeEnabled(
  db: Db,
  meetingId: number,
  enabled: boolean,
  now = Date.now(),
): Promise<DayCode | undefined> {
  await db
    .updateTable('day_codes')
    .set({ enabled: enabled ? 1 : 0, updated_at: now })
    .where('meeting_id', '=', meetingId)
    .execute();
  return findDayCode(db, meetingId);
}

/** The guest of a meeting on this device, if they have given their name. */
export async function findGuestVoter(db: Db, meetingId: number, deviceHash: string): Promise<GuestVoter | undefined> {
  const row = await db
    .selectFrom('guest_voters')
    .select(['id', 'meeting_id', 'name', 'organisation'])
    .where('meeting_id', '=', meetingId)
    .where('device_hash', '=', deviceHash)
    .executeTakeFirst();
  return row && { id: row.id, meetingId: row.meeting_id, name: row.name, organisation: row.organisation };
}

/**
 * Records a guest of a meeting for a device, or returns the one already there (a name is asked once). 'full'
 * when the meeting has its maximum of guests: counting and inserting share a transaction, so a burst of
 * registrations cannot pass the bound together.
 */
export async function addGuestVoter(
  db: Db,
  meetingId: number,
  deviceHash: string,
  guest: { name: string; organisation: string },
  now = Date.now(),
): Promise<GuestVoter | 'full'> {
  return inTransaction(db, async (trx) => {
    await lockUntilCommit(trx, 'guest-voters', meetingId);
    const existing = await findGuestVoter(trx, meetingId, deviceHash);
    if (existing) return existing;
    const { count } = await trx
      .selectFrom('guest_voters')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= GUEST_VOTERS_PER_MEETING_MAX) return 'full';
    const row = await trx
      .insertInto('guest_voters')
      .values({ meeting_id: meetingId, device_hash: deviceHash, ...guest, created_at: now })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    return { id: row.id, meetingId, ...guest };
  });
}

/** How many guests took each position, per statement (statements without guest votes get zeros). */
export function tallyGuestVotes(db: Db, statementIds: readonly number[]): Promise<Map<number, Tally>> {
  return tallyVotesIn(db, 'guest_votes', statementIds);
}

/** The positions a guest took, by statement. */
export async function findGuestPositions(db: Db, guestVoterId: number): Promise<Map<number, Position>> {
  const rows = await db
    .selectFrom('guest_votes')
    .select(['statement_id', 'position'])
    .where('guest_voter_id', '=', guestVoterId)
    .execute();
  return new Map(rows.map((row) => [row.statement_id, row.position]));
}

/**
 * Records a guest's one vote on a statement and returns the guests' new tally: 'closed' when voting is not open
 * or its closing time has come (checked in the same transaction as the write, like a member's vote), 'already' when this guest voted on it.
 */
export async function castGuestVote(
  db: Db,
  statementId: number,
  guestVoterId: number,
  position: Position,
  now = Date.now(),
): Promise<Tally | 'closed' | 'already'> {
  return inTransaction(db, async (trx) => {
    if (!(await takesVotes(trx, statementId, now))) return 'closed';
    const inserted = await trx
      .insertInto('guest_votes')
      .values({ statement_id: statementId, guest_voter_id: guestVoterId, position, created_at: now })
      .onConflict((oc) => oc.columns(['statement_id', 'guest_voter_id']).doNothing())
      .returning('statement_id')
      .executeTakeFirst();
    if (!inserted) return 'already';
    return (await tallyGuestVotes(trx, [statementId])).get(statementId) ?? emptyTally();
  });
}

import {
  type CityGroup,
  cityGroups,
  keyBetween,
  knownOrganisations,
  type OrganisationVotes,
  type Position,
  type StatementInput,
  type Tally,
} from '@klankbord/domain';
import { type Db, databaseDialect, inTransaction } from './connection.ts';
import type { StatementRow } from './schema.ts';

/** A statement as callers use it: booleans as booleans, camelCase. */
export interface Statement {
  id: number;
  meetingId: number;
  sessionId: string | null;
  text: string;
  context: string;
  /** Open now: opened by the secretariat and its closing time, if any, not yet reached. */
  votingOpen: boolean;
  /** When voting was first opened; null while it never was. */
  votingOpenedAt: number | null;
  /** When voting closes by itself; null when it has no closing time. */
  votingClosesAt: number | null;
  order: string;
  createdAt: number;
  updatedAt: number;
}

/** Voting counts as open until its closing time, read at `now`: no timer has to run for a vote to be refused. */
function toStatement(row: StatementRow, now = Date.now()): Statement {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    sessionId: row.session_id,
    text: row.text,
    context: row.context,
    votingOpen: votingOpenAt(row, now),
    votingOpenedAt: row.voting_opened_at,
    votingClosesAt: row.voting_closes_at,
    order: row.order_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Whether a statement's row takes votes at `now`. */
function votingOpenAt(row: { voting_open: number; voting_closes_at: number | null }, now: number): boolean {
  return row.voting_open === 1 && (row.voting_closes_at === null || now < row.voting_closes_at);
}

export const emptyTally = (): Tally => ({ agree: 0, neutral: 0, disagree: 0 });

/** Adds a statement at the end of a meeting's list, with voting closed. */
export async function createStatement(
  db: Db,
  meetingId: number,
  input: StatementInput,
  now = Date.now(),
): Promise<Statement> {
  // Reading the last key and inserting after it share a transaction, so two additions never get one key.
  return inTransaction(db, async (trx) => {
    const last = await trx
      .selectFrom('statements')
      .select('order_key')
      .where('meeting_id', '=', meetingId)
      .orderBy('order_key', 'desc')
      .limit(1)
      .executeTakeFirst();
    const row = await trx
      .insertInto('statements')
      .values({
        meeting_id: meetingId,
        session_id: input.sessionId,
        text: input.text,
        context: input.context,
        order_key: keyBetween(last?.order_key ?? null, null),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toStatement(row);
  });
}

/** Finds a statement by id. */
export async function findStatement(db: Db, id: number): Promise<Statement | undefined> {
  const row = await db.selectFrom('statements').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toStatement(row);
}

/** A meeting's statements in their order. */
export async function listStatements(db: Db, meetingId: number): Promise<Statement[]> {
  const rows = await db
    .selectFrom('statements')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('order_key')
    .orderBy('id')
    .execute();
  return rows.map((row) => toStatement(row));
}

/** Changes a statement's text, context and session. */
export async function updateStatement(
  db: Db,
  id: number,
  input: StatementInput,
  now = Date.now(),
): Promise<Statement | undefined> {
  const row = await db
    .updateTable('statements')
    .set({ text: input.text, context: input.context, session_id: input.sessionId, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toStatement(row);
}

/** Deletes a statement and its votes; false when it did not exist. */
export async function deleteStatement(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('statements').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Opens or closes voting on a statement; `closesAt` (only when opening) is when it closes by itself. */
export async function setVotingOpen(
  db: Db,
  id: number,
  open: boolean,
  now = Date.now(),
  closesAt: number | null = null,
): Promise<Statement | undefined> {
  const row = await db
    .updateTable('statements')
    .set((eb) => ({
      voting_open: open ? 1 : 0,
      voting_closes_at: open ? closesAt : null,
      updated_at: now,
      voting_opened_at: open ? eb.fn.coalesce('voting_opened_at', eb.val(now)) : eb.ref('voting_opened_at'),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toStatement(row, now);
}

/**
 * Statements whose voting is still marked open though its closing time has come by `now` (also those that
 * passed while the server was down): what the server closes and announces.
 */
export async function listDueVotingDeadlines(
  db: Db,
  now = Date.now(),
): Promise<{ statementId: number; meetingId: number; closesAt: number }[]> {
  const rows = await db
    .selectFrom('statements')
    .select(['id', 'meeting_id', 'voting_closes_at'])
    .where('voting_open', '=', 1)
    .where('voting_closes_at', '<=', now)
    .execute();
  return rows.map((row) => ({ statementId: row.id, meetingId: row.meeting_id, closesAt: row.voting_closes_at! }));
}

/**
 * Closes voting that reached its closing time; undefined when the statement is gone or its closing time was
 * changed meanwhile (the secretariat reopened or moved it), so a stale timer closes nothing.
 */
export async function closeVotingAtDeadline(
  db: Db,
  id: number,
  closesAt: number,
  now = Date.now(),
): Promise<Statement | undefined> {
  const row = await db
    .updateTable('statements')
    .set({ voting_open: 0, updated_at: now })
    .where('id', '=', id)
    .where('voting_open', '=', 1)
    .where('voting_closes_at', '=', closesAt)
    .returningAll()
    .executeTakeFirst();
  return row && toStatement(row, now);
}

/**
 * The vote per organisation, per statement, before any suppression: members by their organisation (its short
 * name, the city), guests by the organisation they gave, spellings of one organisation together. The caller
 * applies suppressCityTally before anything leaves the server.
 */
export async function tallyByOrganisation(db: Db, statementIds: readonly number[]): Promise<Map<number, CityGroup[]>> {
  const result = new Map<number, CityGroup[]>(statementIds.map((id) => [id, []]));
  if (statementIds.length === 0) return result;
  const members = await db
    .selectFrom('votes')
    .leftJoin('users', 'users.id', 'votes.user_id')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select((eb) => [
      'votes.statement_id',
      'votes.position',
      eb.fn.coalesce('organisations.short_name', 'organisations.name').as('organisation'),
      eb.fn.countAll<number>().as('count'),
    ])
    .where('votes.statement_id', 'in', statementIds)
    .groupBy(['votes.statement_id', 'votes.position', 'organisations.id'])
    .execute();
  const guests = await db
    .selectFrom('guest_votes')
    .innerJoin('guest_voters', 'guest_voters.id', 'guest_votes.guest_voter_id')
    .select((eb) => [
      'guest_votes.statement_id',
      'guest_votes.position',
      'guest_voters.organisation',
      eb.fn.countAll<number>().as('count'),
    ])
    .where('guest_votes.statement_id', 'in', statementIds)
    .groupBy(['guest_votes.statement_id', 'guest_votes.position', 'guest_voters.organisation'])
    .execute();
  const known = knownOrganisations(await db.selectFrom('organisations').select(['name', 'short_name']).execute());
  const votes = new Map<number, OrganisationVotes[]>();
  for (const row of [...members, ...guests]) {
    const list = votes.get(row.statement_id) ?? [];
    list.push({ organisation: row.organisation ?? null, position: row.position, count: Number(row.count) });
    votes.set(row.statement_id, list);
  }
  for (const [id, list] of votes) result.set(id, cityGroups(list, known));
  return result;
}

/** How many members took each position, per statement (statements without votes get zeros). */
export function tallyStatements(db: Db, statementIds: readonly number[]): Promise<Map<number, Tally>> {
  return tallyVotesIn(db, 'votes', statementIds);
}

/** Counts the positions in a table of votes (members' or guests'), per statement; zeros where none. */
export async function tallyVotesIn(
  db: Db,
  table: 'votes' | 'guest_votes',
  statementIds: readonly number[],
): Promise<Map<number, Tally>> {
  const tallies = new Map<number, Tally>(statementIds.map((id) => [id, emptyTally()]));
  if (statementIds.length === 0) return tallies;
  const rows = await db
    .selectFrom(table)
    .select((eb) => ['statement_id', 'position', eb.fn.countAll<number>().as('count')])
    .where('statement_id', 'in', statementIds)
    .groupBy(['statement_id', 'position'])
    .execute();
  for (const row of rows) {
    const tally = tallies.get(row.statement_id);
    if (tally && row.position in tally) tally[row.position] = Number(row.count);
  }
  return tallies;
}

/** The positions one member took on these statements. */
export async function findPositions(
  db: Db,
  statementIds: readonly number[],
  userId: number,
): Promise<Map<number, Position>> {
  if (statementIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('votes')
    .select(['statement_id', 'position'])
    .where('statement_id', 'in', statementIds)
    .where('user_id', '=', userId)
    .execute();
  return new Map(rows.map((row) => [row.statement_id, row.position]));
}

/**
 * A statement's voting state, read for a vote about to be written in the same transaction. On PostgreSQL the row
 * is locked FOR SHARE until the transaction ends: a close that commits first is what this reads, and a close that
 * comes later waits for the vote, so a vote counts before the close or not at all (SQLite runs one transaction at
 * a time and needs no lock).
 */
async function readVotingState(db: Db, statementId: number) {
  return db
    .selectFrom('statements')
    .select(['voting_open', 'voting_closes_at'])
    .where('id', '=', statementId)
    .$if(databaseDialect(db) === 'postgres', (query) => query.forShare())
    .executeTakeFirst();
}

/** Whether a statement takes votes at `now` (open, its closing time not reached); false when it is gone. */
export async function takesVotes(db: Db, statementId: number, now: number): Promise<boolean> {
  const row = await readVotingState(db, statementId);
  return row !== undefined && votingOpenAt(row, now);
}

/**
 * Records a member's position on a statement, replacing an earlier one, and returns the new tally. Refused
 * ('closed') when voting is not open: the check and the write share a transaction, so a vote that races the
 * secretariat closing the statement either counts before the close or not at all. Undefined: no such statement.
 */
export async function castVote(
  db: Db,
  statementId: number,
  userId: number,
  position: Position,
  now = Date.now(),
): Promise<Tally | 'closed' | undefined> {
  return inTransaction(db, async (trx) => {
    const statement = await readVotingState(trx, statementId);
    if (!statement) return undefined;
    if (!votingOpenAt(statement, now)) return 'closed';
    await trx
      .insertInto('votes')
      .values({ statement_id: statementId, user_id: userId, position, updated_at: now })
      .onConflict((oc) => oc.columns(['statement_id', 'user_id']).doUpdateSet({ position, updated_at: now }))
      .execute();
    return (await tallyStatements(trx, [statementId])).get(statementId) ?? emptyTally();
  });
}

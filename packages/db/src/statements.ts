import { keyBetween, type Position, type StatementInput, type Tally } from '@klankbord/domain';
import { type Db, inTransaction } from './connection.ts';
import type { StatementRow } from './schema.ts';

/** A statement as callers use it: booleans as booleans, camelCase. */
export interface Statement {
  id: number;
  meetingId: number;
  sessionId: string | null;
  text: string;
  context: string;
  votingOpen: boolean;
  /** When voting was first opened; null while it never was. */
  votingOpenedAt: number | null;
  order: string;
  createdAt: number;
  updatedAt: number;
}

function toStatement(row: StatementRow): Statement {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    sessionId: row.session_id,
    text: row.text,
    context: row.context,
    votingOpen: row.voting_open === 1,
    votingOpenedAt: row.voting_opened_at,
    order: row.order_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
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
  return rows.map(toStatement);
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

/** Opens or closes voting on a statement. */
export async function setVotingOpen(
  db: Db,
  id: number,
  open: boolean,
  now = Date.now(),
): Promise<Statement | undefined> {
  const row = await db
    .updateTable('statements')
    .set((eb) => ({
      voting_open: open ? 1 : 0,
      updated_at: now,
      voting_opened_at: open ? eb.fn.coalesce('voting_opened_at', eb.val(now)) : eb.ref('voting_opened_at'),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toStatement(row);
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
    const statement = await trx
      .selectFrom('statements')
      .select('voting_open')
      .where('id', '=', statementId)
      .executeTakeFirst();
    if (!statement) return undefined;
    if (statement.voting_open !== 1) return 'closed';
    await trx
      .insertInto('votes')
      .values({ statement_id: statementId, user_id: userId, position, updated_at: now })
      .onConflict((oc) => oc.columns(['statement_id', 'user_id']).doUpdateSet({ position, updated_at: now }))
      .execute();
    return (await tallyStatements(trx, [statementId])).get(statementId) ?? emptyTally();
  });
}

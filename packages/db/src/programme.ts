import type { ProgrammeItemKind, Speaker } from '@klankbord/domain';
import { type Db, inTransaction } from './connection.ts';
import type { MeetingSessionRow, ProgrammeItemRow } from './schema.ts';
import { lockUntilCommit } from './transaction-lock.ts';

/** A programme item as the projection stores it; items are passed in programme order. */
export interface ProgrammeItemProjection {
  id: string;
  kind: ProgrammeItemKind;
  title: string;
  start: string;
  end: string;
  overlaps: boolean;
  speakers: Speaker[];
  descriptionText: string;
}

/** A session as the projection stores it. */
export interface SessionProjection {
  id: string;
  itemId: string;
  /** 0-based place among the sessions of its item. */
  position: number;
  topic: string;
  facilitator: string;
  rapporteur: string;
  room: string;
  rotationMinutes: number | null;
}

/** A projected programme item as callers use it. */
export interface ProgrammeItemSummary extends ProgrammeItemProjection {
  position: number;
}

/** A projected session with the meeting it belongs to. */
export interface MeetingSession extends SessionProjection {
  meetingId: number;
}

// Well below SQLite's limit on bound parameters per statement, whatever the row width.
const ROWS_PER_INSERT = 100;

function chunks<T>(rows: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) result.push(rows.slice(i, i + ROWS_PER_INSERT));
  return result;
}

/**
 * Replaces a meeting's projected programme items and sessions in one transaction, so readers see the old
 * programme or the new one, never half of each. Choices of sessions that no longer exist are dropped.
 * A session id that another meeting's programme already holds is skipped: ids are made by clients, and
 * a writer of one programme must not take over another meeting's session by copying its id.
 */
export async function replaceProgrammeProjection(
  db: Db,
  meetingId: number,
  items: readonly ProgrammeItemProjection[],
  sessions: readonly SessionProjection[],
): Promise<void> {
  await inTransaction(db, async (trx) => {
    // Two instances projecting one programme at once would each delete only what was committed before them.
    await lockUntilCommit(trx, 'programme', meetingId);
    await trx.deleteFrom('programme_items').where('meeting_id', '=', meetingId).execute();
    await trx.deleteFrom('meeting_sessions').where('meeting_id', '=', meetingId).execute();
    const itemRows = items.map((item, position) => ({
      meeting_id: meetingId,
      item_id: item.id,
      position,
      kind: item.kind,
      title: item.title,
      start_time: item.start,
      end_time: item.end,
      overlaps: item.overlaps ? 1 : 0,
      speakers: JSON.stringify(item.speakers),
      description_text: item.descriptionText,
    }));
    for (const rows of chunks(itemRows)) {
      await trx
        .insertInto('programme_items')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    const sessionRows = sessions.map((session) => ({
      session_id: session.id,
      meeting_id: meetingId,
      item_id: session.itemId,
      position: session.position,
      topic: session.topic,
      facilitator: session.facilitator,
      rapporteur: session.rapporteur,
      room: session.room,
      rotation_minutes: session.rotationMinutes,
    }));
    for (const rows of chunks(sessionRows)) {
      await trx
        .insertInto('meeting_sessions')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await trx
      .deleteFrom('session_choices')
      .where('meeting_id', '=', meetingId)
      .where('session_id', 'not in', (q) =>
        q.selectFrom('meeting_sessions').select('session_id').where('meeting_id', '=', meetingId),
      )
      .execute();
  });
}

function toItem(row: ProgrammeItemRow): ProgrammeItemSummary {
  return {
    id: row.item_id,
    position: row.position,
    kind: row.kind,
    title: row.title,
    start: row.start_time,
    end: row.end_time,
    overlaps: row.overlaps === 1,
    speakers: JSON.parse(row.speakers) as Speaker[],
    descriptionText: row.description_text,
  };
}

function toSession(row: MeetingSessionRow): MeetingSession {
  return {
    id: row.session_id,
    meetingId: row.meeting_id,
    itemId: row.item_id,
    position: row.position,
    topic: row.topic,
    facilitator: row.facilitator,
    rapporteur: row.rapporteur,
    room: row.room,
    rotationMinutes: row.rotation_minutes,
  };
}

/** A meeting's projected programme, in programme order. */
export async function listProgrammeItems(db: Db, meetingId: number): Promise<ProgrammeItemSummary[]> {
  const rows = await db
    .selectFrom('programme_items')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .execute();
  return rows.map(toItem);
}

/** A meeting's projected sessions, in programme order (by item, then by place within the item). */
export async function listSessions(db: Db, meetingId: number): Promise<MeetingSession[]> {
  const rows = await db
    .selectFrom('meeting_sessions')
    .leftJoin('programme_items', (join) =>
      join
        .onRef('programme_items.meeting_id', '=', 'meeting_sessions.meeting_id')
        .onRef('programme_items.item_id', '=', 'meeting_sessions.item_id'),
    )
    .selectAll('meeting_sessions')
    .where('meeting_sessions.meeting_id', '=', meetingId)
    .orderBy('programme_items.position')
    .orderBy('meeting_sessions.position')
    .execute();
  return rows.map(toSession);
}

/** Finds a projected session by its id (named so as not to be confused with sign-in sessions' findSession). */
export async function findMeetingSession(db: Db, sessionId: string): Promise<MeetingSession | undefined> {
  const row = await db
    .selectFrom('meeting_sessions')
    .selectAll()
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return row && toSession(row);
}

/** Records the session a member picked for a meeting (replacing an earlier pick), or clears it with null. */
export async function chooseSession(
  db: Db,
  meetingId: number,
  userId: number,
  sessionId: string | null,
  now = Date.now(),
): Promise<void> {
  if (sessionId === null) {
    await db.deleteFrom('session_choices').where('meeting_id', '=', meetingId).where('user_id', '=', userId).execute();
    return;
  }
  await db
    .insertInto('session_choices')
    .values({ meeting_id: meetingId, user_id: userId, session_id: sessionId, updated_at: now })
    .onConflict((oc) => oc.columns(['meeting_id', 'user_id']).doUpdateSet({ session_id: sessionId, updated_at: now }))
    .execute();
}

/** The session a member picked for a meeting, if any. */
export async function findSessionChoice(db: Db, meetingId: number, userId: number): Promise<string | null> {
  const row = await db
    .selectFrom('session_choices')
    .select('session_id')
    .where('meeting_id', '=', meetingId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.session_id ?? null;
}

/** How many members picked each session of a meeting; sessions nobody picked are absent. */
export async function countSessionChoices(db: Db, meetingId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('session_choices')
    .select(['session_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('meeting_id', '=', meetingId)
    .groupBy('session_id')
    .execute();
  return new Map(rows.map((row) => [row.session_id, Number(row.count)]));
}

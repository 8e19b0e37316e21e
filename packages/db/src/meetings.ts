import type { MeetingInput, MeetingStatus } from '@klankbord/domain';
import type { Db } from './connection.ts';
import type { MeetingRow } from './schema.ts';

/** A meeting as callers use it: dates as an array. */
export interface Meeting extends Omit<MeetingRow, 'dates'> {
  dates: string[];
}

function toMeeting(row: MeetingRow): Meeting {
  return { ...row, dates: JSON.parse(row.dates) as string[] };
}

/** Creates a meeting in preparation. */
export async function createMeeting(
  db: Db,
  networkId: number,
  input: MeetingInput,
  createdBy: number | null,
  now = Date.now(),
): Promise<Meeting> {
  const row = await db
    .insertInto('meetings')
    .values({
      network_id: networkId,
      title: input.title,
      dates: JSON.stringify(input.dates),
      first_date: input.dates[0] ?? '',
      format: input.format,
      host_organisation_id: input.hostOrganisationId,
      venue: input.venue,
      status: 'preparation',
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMeeting(row);
}

/** Finds a meeting by id. */
export async function findMeeting(db: Db, id: number): Promise<Meeting | undefined> {
  const row = await db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toMeeting(row);
}

/** A network's meetings, newest first. */
export async function listMeetings(db: Db, networkId: number): Promise<Meeting[]> {
  const rows = await db
    .selectFrom('meetings')
    .selectAll()
    .where('network_id', '=', networkId)
    .orderBy('first_date', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toMeeting);
}

/** Updates a meeting's details. */
export async function updateMeeting(
  db: Db,
  id: number,
  input: MeetingInput,
  now = Date.now(),
): Promise<Meeting | undefined> {
  const row = await db
    .updateTable('meetings')
    .set({
      title: input.title,
      dates: JSON.stringify(input.dates),
      first_date: input.dates[0] ?? '',
      format: input.format,
      host_organisation_id: input.hostOrganisationId,
      venue: input.venue,
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toMeeting(row);
}

/**
 * Moves a meeting to a new status, only if it still has the status the caller checked: of two people
 * moving it at once, one wins and the other is told. Returns false when the status had changed.
 */
export async function setMeetingStatus(
  db: Db,
  id: number,
  from: MeetingStatus,
  to: MeetingStatus,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .updateTable('meetings')
    .set({ status: to, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

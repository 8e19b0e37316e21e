import type { AfspraakStatus, Anchor, MeetingStatus } from '@klankbord/domain';
import { sql } from 'kysely';
import type { Db } from './connection.ts';

/** Whom an afspraak is for, with the name to show. */
export type AfspraakOwner =
  | { kind: 'member'; id: number; name: string }
  | { kind: 'organisation'; id: number; name: string }
  | null;

/** An afspraak as callers use it: its anchor, owner and meeting resolved. */
export interface Afspraak {
  id: number;
  networkId: number;
  meeting: { id: number; title: string; date: string; status: MeetingStatus };
  anchor: Anchor;
  quote: string;
  description: string;
  owner: AfspraakOwner;
  dueDate: string | null;
  status: AfspraakStatus;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
  doneAt: number | null;
  doneBy: number | null;
}

/** The fields of an afspraak that can change after it was made. */
export interface AfspraakFields {
  description: string;
  ownerUserId: number | null;
  ownerOrganisationId: number | null;
  dueDate: string | null;
  status: AfspraakStatus;
}

function selectAfspraken(db: Db) {
  return db
    .selectFrom('afspraken')
    .innerJoin('meetings', 'meetings.id', 'afspraken.meeting_id')
    .leftJoin('users', 'users.id', 'afspraken.owner_user_id')
    .leftJoin('organisations', 'organisations.id', 'afspraken.owner_organisation_id')
    .selectAll('afspraken')
    .select([
      'meetings.title as meeting_title',
      'meetings.first_date as meeting_date',
      'meetings.status as meeting_status',
      'users.name as owner_user_name',
      'organisations.name as owner_organisation_name',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectAfspraken>['executeTakeFirstOrThrow']>>;

function ownerOf(row: Row): AfspraakOwner {
  if (row.owner_user_id !== null) return { kind: 'member', id: row.owner_user_id, name: row.owner_user_name ?? '' };
  if (row.owner_organisation_id !== null) {
    return { kind: 'organisation', id: row.owner_organisation_id, name: row.owner_organisation_name ?? '' };
  }
  return null;
}

function toAfspraak(row: Row): Afspraak {
  return {
    id: row.id,
    networkId: row.network_id,
    meeting: {
      id: row.meeting_id,
      title: row.meeting_title,
      date: row.meeting_date,
      status: row.meeting_status as MeetingStatus,
    },
    anchor: { start: row.anchor_start, end: row.anchor_end },
    quote: row.quote,
    description: row.description,
    owner: ownerOf(row),
    dueDate: row.due_date,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    doneAt: row.done_at,
    doneBy: row.done_by,
  };
}

/** Stores a new, open afspraak of a meeting; createdBy null when no member made it (the demo history). */
export async function createAfspraak(
  db: Db,
  input: Omit<AfspraakFields, 'status'> & {
    networkId: number;
    meetingId: number;
    anchor: Anchor;
    quote: string;
    createdBy: number | null;
  },
  now = Date.now(),
): Promise<Afspraak> {
  const { id } = await db
    .insertInto('afspraken')
    .values({
      network_id: input.networkId,
      meeting_id: input.meetingId,
      anchor_start: input.anchor.start,
      anchor_end: input.anchor.end,
      quote: input.quote,
      description: input.description,
      owner_user_id: input.ownerUserId,
      owner_organisation_id: input.ownerOrganisationId,
      due_date: input.dueDate,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await findAfspraak(db, id)) as Afspraak;
}

/** Finds an afspraak by id. */
export async function findAfspraak(db: Db, id: number): Promise<Afspraak | undefined> {
  const row = await selectAfspraken(db).where('afspraken.id', '=', id).executeTakeFirst();
  return row && toAfspraak(row);
}

/** A meeting's afspraken in the order they were made. */
export async function listMeetingAfspraken(db: Db, meetingId: number): Promise<Afspraak[]> {
  const rows = await selectAfspraken(db)
    .where('afspraken.meeting_id', '=', meetingId)
    .orderBy('afspraken.id')
    .execute();
  return rows.map(toAfspraak);
}

/** A network's afspraken with a status (or all), by due date — those without one last — then by id. */
export async function listNetworkAfspraken(
  db: Db,
  networkId: number,
  status: AfspraakStatus | 'all',
): Promise<Afspraak[]> {
  let query = selectAfspraken(db).where('afspraken.network_id', '=', networkId);
  if (status !== 'all') query = query.where('afspraken.status', '=', status);
  const rows = await query
    .orderBy(sql`afspraken.due_date is null`)
    .orderBy('afspraken.due_date')
    .orderBy('afspraken.id')
    .execute();
  return rows.map(toAfspraak);
}

/** Changes an afspraak; marking it done records who and when, re-opening clears that. */
export async function updateAfspraak(
  db: Db,
  id: number,
  changes: Partial<AfspraakFields>,
  userId: number | null,
  now = Date.now(),
): Promise<Afspraak | undefined> {
  const done =
    changes.status === 'done'
      ? { done_at: now, done_by: userId }
      : changes.status === 'open'
        ? { done_at: null, done_by: null }
        : {};
  await db
    .updateTable('afspraken')
    .set({
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.ownerUserId !== undefined && { owner_user_id: changes.ownerUserId }),
      ...(changes.ownerOrganisationId !== undefined && { owner_organisation_id: changes.ownerOrganisationId }),
      ...(changes.dueDate !== undefined && { due_date: changes.dueDate }),
      ...(changes.status !== undefined && { status: changes.status }),
      ...done,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  return findAfspraak(db, id);
}

/** True when the organisation belongs to the network. */
export async function isNetworkOrganisation(db: Db, networkId: number, organisationId: number): Promise<boolean> {
  const row = await db
    .selectFrom('network_organisations')
    .select('organisation_id')
    .where('network_id', '=', networkId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row !== undefined;
}

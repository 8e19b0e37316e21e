import type { Db } from './connection.ts';

/**
 * Publishes a finalised report; userId null when no member did (the demo history). False when it is not finalised
 * or was already published: nothing changes then.
 */
export async function markReportPublished(
  db: Db,
  meetingId: number,
  userId: number | null,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set({ published_at: now, published_by: userId, updated_at: now })
    .where('meeting_id', '=', meetingId)
    .where('finalised_at', 'is not', null)
    .where('final_version_id', 'is not', null)
    .where('published_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Withdraws a publication and its public link. False when it was not published. */
export async function markReportUnpublished(db: Db, meetingId: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set({
      published_at: null,
      published_by: null,
      public_link_hash: null,
      public_link_created_at: null,
      updated_at: now,
    })
    .where('meeting_id', '=', meetingId)
    .where('published_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Sets the public link's hash, replacing an earlier one. False when the report is not published. */
export async function setReportPublicLink(db: Db, meetingId: number, hash: string, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set({ public_link_hash: hash, public_link_created_at: now, updated_at: now })
    .where('meeting_id', '=', meetingId)
    .where('published_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Removes the public link. False when there was none. */
export async function removeReportPublicLink(db: Db, meetingId: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set({ public_link_hash: null, public_link_created_at: null, updated_at: now })
    .where('meeting_id', '=', meetingId)
    .where('public_link_hash', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The meeting whose published report a public link opens, or undefined (unknown, revoked or unpublished). */
export async function findMeetingIdByPublicLink(db: Db, hash: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('reports')
    .select('meeting_id')
    .where('public_link_hash', '=', hash)
    .where('published_at', 'is not', null)
    .executeTakeFirst();
  return row?.meeting_id;
}

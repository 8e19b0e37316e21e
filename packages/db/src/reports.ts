import type { Db } from './connection.ts';
import type { ReportTable } from './schema.ts';

/** A report's finalisation as callers use it. */
export type Report = ReportTable;

/** A named version without its state, as lists show it. */
export interface ReportVersionSummary {
  id: number;
  name: string;
  createdBy: number | null;
  createdAt: number;
}

/** A named version with the document state it holds. */
export interface ReportVersion extends ReportVersionSummary {
  meetingId: number;
  state: Uint8Array;
}

/** The report row of a meeting, or undefined when it was never finalised. */
export async function findReport(db: Db, meetingId: number): Promise<Report | undefined> {
  return db.selectFrom('reports').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
}

/** True while the meeting's report is finalised. */
export async function isReportFinalised(db: Db, meetingId: number): Promise<boolean> {
  return ((await findReport(db, meetingId))?.finalised_at ?? null) !== null;
}

/**
 * Marks a report final; userId null when no member did (the demo history). False when it already was (someone
 * else finalised it first): nothing changes then.
 */
export async function markReportFinalised(
  db: Db,
  meetingId: number,
  userId: number | null,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .insertInto('reports')
    .values({ meeting_id: meetingId, finalised_at: now, finalised_by: userId, updated_at: now })
    .onConflict((oc) =>
      oc
        .column('meeting_id')
        .doUpdateSet({ finalised_at: now, finalised_by: userId, final_version_id: null, updated_at: now })
        .where('reports.finalised_at', 'is', null),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Records which version is the final one of a finalised report. */
export async function setFinalReportVersion(db: Db, meetingId: number, versionId: number): Promise<void> {
  await db.updateTable('reports').set({ final_version_id: versionId }).where('meeting_id', '=', meetingId).execute();
}

/** Opens a finalised report for editing again. False when it was not finalised. */
export async function reopenReport(db: Db, meetingId: number, userId: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set({ finalised_at: null, reopened_at: now, reopened_by: userId, updated_at: now })
    .where('meeting_id', '=', meetingId)
    .where('finalised_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Saves a named version of a report's document. */
export async function createReportVersion(
  db: Db,
  version: { meetingId: number; name: string; state: Uint8Array; createdBy: number | null },
  now = Date.now(),
): Promise<ReportVersionSummary> {
  const row = await db
    .insertInto('report_versions')
    .values({
      meeting_id: version.meetingId,
      name: version.name,
      state: version.state,
      created_by: version.createdBy,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, name: version.name, createdBy: version.createdBy, createdAt: now };
}

/** A report's versions, oldest first, without their states. */
export async function listReportVersions(db: Db, meetingId: number): Promise<ReportVersionSummary[]> {
  const rows = await db
    .selectFrom('report_versions')
    .select(['id', 'name', 'created_by', 'created_at'])
    .where('meeting_id', '=', meetingId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, createdBy: row.created_by, createdAt: row.created_at }));
}

/** One version of a meeting's report with its state; undefined when it does not exist or is another meeting's. */
export async function findReportVersion(
  db: Db,
  meetingId: number,
  versionId: number,
): Promise<ReportVersion | undefined> {
  const row = await db
    .selectFrom('report_versions')
    .selectAll()
    .where('id', '=', versionId)
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      meetingId: row.meeting_id,
      name: row.name,
      state: row.state,
      createdBy: row.created_by,
      createdAt: row.created_at,
    }
  );
}

import type { MeetingStatus } from '@klankbord/domain';
import type { Db } from './connection.ts';

/** How far a meeting's verslag has come, as the archive shows it. */
export type ArchiveReportState = 'none' | 'draft' | 'final' | 'published';

/** One meeting as the archive lists it. */
export interface ArchiveMeeting {
  id: number;
  title: string;
  date: string;
  status: MeetingStatus;
  hostCity: string | null;
  themes: string[];
  report: ArchiveReportState;
}

/**
 * A network's meetings, newest first, with their host, chosen themes and report state. A report is a draft once
 * its document exists (someone opened it) or it was finalised before and reopened.
 */
export async function listArchiveMeetings(db: Db, networkId: number, networkSlug: string): Promise<ArchiveMeeting[]> {
  const rows = await db
    .selectFrom('meetings')
    .leftJoin('organisations', 'organisations.id', 'meetings.host_organisation_id')
    .leftJoin('reports', 'reports.meeting_id', 'meetings.id')
    .select([
      'meetings.id as id',
      'meetings.title as title',
      'meetings.first_date as date',
      'meetings.status as status',
      'organisations.name as hostCity',
      'reports.meeting_id as reportRow',
      'reports.finalised_at as finalisedAt',
      'reports.published_at as publishedAt',
    ])
    .where('meetings.network_id', '=', networkId)
    .orderBy('meetings.first_date', 'desc')
    .orderBy('meetings.id', 'desc')
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const themes = await db
    .selectFrom('themes')
    .select(['meeting_id', 'title'])
    .where('meeting_id', 'in', ids)
    .where('chosen', '=', 1)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const documents = new Set(
    (
      await db
        .selectFrom('documents')
        .select('name')
        .where('kind', '=', 'report')
        .where('scope', '=', networkSlug)
        .execute()
    ).map((document) => document.name),
  );
  return rows.map((row) => {
    let report: ArchiveReportState = 'none';
    if (row.publishedAt !== null) report = 'published';
    else if (row.finalisedAt !== null) report = 'final';
    else if (row.reportRow !== null || documents.has(`report:${networkSlug}:${row.id}`)) report = 'draft';
    return {
      id: row.id,
      title: row.title,
      date: row.date,
      status: row.status,
      hostCity: row.hostCity,
      themes: themes.filter((theme) => theme.meeting_id === row.id).map((theme) => theme.title),
      report,
    };
  });
}

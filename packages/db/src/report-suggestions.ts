import type { Db } from './connection.ts';
import type { ReportSuggestionTable } from './schema.ts';

/** Where a suggestion stands: open until the secretariaat accepts it into the text or rejects it. */
export type ReportSuggestionStatus = 'open' | 'accepted' | 'rejected';

/** A suggestion on a verslag as callers use it: author and decider joined in. */
export interface ReportSuggestion {
  id: number;
  meetingId: number;
  anchor: { start: string; end: string };
  quote: string;
  replacement: string;
  status: ReportSuggestionStatus;
  author: { id: number; name: string } | null;
  createdAt: number;
  decided: { at: number; by: { id: number; name: string } | null } | null;
}

function selectSuggestions(db: Db) {
  return db
    .selectFrom('report_suggestions as s')
    .leftJoin('users as author', 'author.id', 's.author_id')
    .leftJoin('users as decider', 'decider.id', 's.decided_by')
    .selectAll('s')
    .select(['author.name as author_name', 'decider.name as decider_name']);
}

type SuggestionRow = Omit<ReportSuggestionTable, 'id' | 'status'> & {
  id: number;
  status: ReportSuggestionStatus;
  author_name: string | null;
  decider_name: string | null;
};

function toSuggestion(row: SuggestionRow): ReportSuggestion {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    anchor: { start: row.anchor_start, end: row.anchor_end },
    quote: row.quote,
    replacement: row.replacement,
    status: row.status,
    author: row.author_id !== null ? { id: row.author_id, name: row.author_name ?? '' } : null,
    createdAt: row.created_at,
    decided:
      row.decided_at !== null
        ? {
            at: row.decided_at,
            by: row.decided_by !== null ? { id: row.decided_by, name: row.decider_name ?? '' } : null,
          }
        : null,
  };
}

/** A meeting's suggestions on its verslag, oldest first; only the open ones when `open` is set. */
export async function listReportSuggestions(
  db: Db,
  meetingId: number,
  filter: { open?: boolean } = {},
): Promise<ReportSuggestion[]> {
  let query = selectSuggestions(db).where('s.meeting_id', '=', meetingId);
  if (filter.open) query = query.where('s.status', '=', 'open');
  return (await query.orderBy('s.id').execute()).map(toSuggestion);
}

/** One suggestion, or undefined when it does not exist. */
export async function findReportSuggestion(db: Db, id: number): Promise<ReportSuggestion | undefined> {
  const row = await selectSuggestions(db).where('s.id', '=', id).executeTakeFirst();
  return row && toSuggestion(row);
}

/** True while any suggestion on the meeting's verslag is open: a final version may hold none. */
export async function hasOpenReportSuggestions(db: Db, meetingId: number): Promise<boolean> {
  const row = await db
    .selectFrom('report_suggestions')
    .select('id')
    .where('meeting_id', '=', meetingId)
    .where('status', '=', 'open')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many suggestions one person has open on a meeting's verslag. */
export async function countOpenReportSuggestions(db: Db, meetingId: number, authorId: number): Promise<number> {
  const row = await db
    .selectFrom('report_suggestions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('meeting_id', '=', meetingId)
    .where('author_id', '=', authorId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Adds an open suggestion. */
export async function createReportSuggestion(
  db: Db,
  suggestion: {
    meetingId: number;
    anchor: { start: string; end: string };
    quote: string;
    replacement: string;
    authorId: number;
  },
  now = Date.now(),
): Promise<ReportSuggestion> {
  const row = await db
    .insertInto('report_suggestions')
    .values({
      meeting_id: suggestion.meetingId,
      anchor_start: suggestion.anchor.start,
      anchor_end: suggestion.anchor.end,
      quote: suggestion.quote,
      replacement: suggestion.replacement,
      author_id: suggestion.authorId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await findReportSuggestion(db, row.id))!;
}

/**
 * Accepts or rejects an open suggestion. False when it was no longer open: a decision is taken once.
 */
export async function decideReportSuggestion(
  db: Db,
  id: number,
  decision: { status: 'accepted' | 'rejected'; by: number },
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .updateTable('report_suggestions')
    .set({ status: decision.status, decided_by: decision.by, decided_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

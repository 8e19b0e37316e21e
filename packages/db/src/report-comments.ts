import type { Subject } from '@klankbord/domain';
import { sql } from 'kysely';
import { type Db, inTransaction } from './connection.ts';
import { addMessage, ensureThread } from './discussions.ts';

/** A comment on a verslag as callers use it: anchor, first message (its text) and resolution joined in. */
export interface ReportComment {
  id: number;
  meetingId: number;
  anchor: { start: string; end: string };
  quote: string;
  /** The text of the thread's first message; null once that message is deleted. */
  body: string | null;
  author: { id: number; name: string } | null;
  createdAt: number;
  resolved: { at: number; by: { id: number; name: string } | null } | null;
  threadId: number | null;
  /** Messages after the first that are not deleted. */
  replies: number;
}

/** The discussion subject of a comment: its replies live in that thread. */
export function commentSubject(commentId: number): Subject {
  return { kind: 'comment', id: String(commentId) };
}

function selectComments(db: Db) {
  return db
    .selectFrom('report_comments as c')
    .leftJoin('users as author', 'author.id', 'c.created_by')
    .leftJoin('users as resolver', 'resolver.id', 'c.resolved_by')
    .leftJoin('threads as t', (join) =>
      join
        .on('t.subject_kind', '=', 'comment')
        // A thread's subject id is text; the comment's id written as text is its subject.
        .on((eb) => eb('t.subject_id', '=', sql<string>`cast(${eb.ref('c.id')} as text)`)),
    )
    .selectAll('c')
    .select(['author.name as author_name', 'resolver.name as resolver_name', 't.id as thread_id']);
}

type CommentRow = Awaited<ReturnType<ReturnType<typeof selectComments>['executeTakeFirstOrThrow']>>;

async function toComments(db: Db, rows: CommentRow[]): Promise<ReportComment[]> {
  const threadIds = rows.map((row) => row.thread_id).filter((id): id is number => id !== null);
  const messages =
    threadIds.length === 0
      ? []
      : await db
          .selectFrom('messages')
          .select(['id', 'thread_id', 'body', 'deleted_at'])
          .where('thread_id', 'in', threadIds)
          .orderBy('id')
          .execute();
  return rows.map((row) => {
    const thread = messages.filter((message) => message.thread_id === row.thread_id);
    const [first, ...rest] = thread;
    return {
      id: row.id,
      meetingId: row.meeting_id,
      anchor: { start: row.anchor_start, end: row.anchor_end },
      quote: row.quote,
      body: first && first.deleted_at === null ? first.body : null,
      author: row.created_by !== null ? { id: row.created_by, name: row.author_name ?? '' } : null,
      createdAt: row.created_at,
      resolved:
        row.resolved_at !== null
          ? {
              at: row.resolved_at,
              by: row.resolved_by !== null ? { id: row.resolved_by, name: row.resolver_name ?? '' } : null,
            }
          : null,
      threadId: row.thread_id,
      replies: rest.filter((message) => message.deleted_at === null).length,
    };
  });
}

/** A meeting's comments on its verslag, oldest first. */
export async function listReportComments(db: Db, meetingId: number): Promise<ReportComment[]> {
  const rows = await selectComments(db).where('c.meeting_id', '=', meetingId).orderBy('c.id').execute();
  return toComments(db, rows);
}

/** One comment, or undefined when it does not exist. */
export async function findReportComment(db: Db, id: number): Promise<ReportComment | undefined> {
  const row = await selectComments(db).where('c.id', '=', id).executeTakeFirst();
  return row && (await toComments(db, [row]))[0];
}

/** How many comments one person has placed on a meeting's verslag, resolved ones included. */
export async function countReportComments(db: Db, meetingId: number, authorId: number): Promise<number> {
  const row = await db
    .selectFrom('report_comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('meeting_id', '=', meetingId)
    .where('created_by', '=', authorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Adds a comment with its thread and first message in one transaction: a comment never exists without its
 * text, nor a thread without its comment.
 */
export async function createReportComment(
  db: Db,
  comment: {
    networkId: number;
    meetingId: number;
    anchor: { start: string; end: string };
    quote: string;
    body: string;
    authorId: number;
  },
  now = Date.now(),
): Promise<ReportComment> {
  const id = await inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('report_comments')
      .values({
        meeting_id: comment.meetingId,
        anchor_start: comment.anchor.start,
        anchor_end: comment.anchor.end,
        quote: comment.quote,
        created_by: comment.authorId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const thread = await ensureThread(
      trx,
      { networkId: comment.networkId, meetingId: comment.meetingId, subject: commentSubject(row.id) },
      now,
    );
    await addMessage(trx, { threadId: thread.id, authorId: comment.authorId, body: comment.body, mentions: [] }, now);
    return row.id;
  });
  return (await findReportComment(db, id))!;
}

/** Marks a comment resolved, or open again (`by` null). False when it already was: nothing changes then. */
export async function setReportCommentResolved(
  db: Db,
  id: number,
  by: number | null,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .updateTable('report_comments')
    .set(by === null ? { resolved_at: null, resolved_by: null } : { resolved_at: now, resolved_by: by })
    .where('id', '=', id)
    .where('resolved_at', by === null ? 'is not' : 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

import type { MeetingStatus, Subject, SubjectKind } from '@klankbord/domain';
import { type Db, inTransaction } from './connection.ts';
import type { MessageRow, ThreadRow } from './schema.ts';

/** A message as callers use it: mentions as an array, the author's name, and no text once deleted. */
export interface Message {
  id: number;
  threadId: number;
  authorId: number | null;
  authorName: string | null;
  /** Null for a deleted message: a tombstone that keeps its place in the thread. */
  body: string | null;
  mentions: number[];
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
  deletedBy: number | null;
}

/** A thread with unread messages for a member, and the meeting status that decides whether they may see it. */
export interface UnreadThread {
  threadId: number;
  subjectKind: SubjectKind;
  subjectId: string;
  /** Null for a thread of the network itself (beside a goed voorbeeld). */
  meetingId: number | null;
  meetingStatus: MeetingStatus | null;
  unread: number;
}

const INTEGER_ID = /^[1-9]\d{0,14}$/; // stays below Number.MAX_SAFE_INTEGER

/** Where a subject belongs: its network, and its meeting unless it is the network's own (a goed voorbeeld). */
export interface SubjectScope {
  networkId: number;
  meetingId: number | null;
}

/**
 * Where a subject belongs, or undefined when the subject does not exist. A thread takes its network and its
 * access rules from there.
 */
export async function resolveSubject(db: Db, kind: SubjectKind, id: string): Promise<SubjectScope | undefined> {
  if (kind === 'example') {
    if (!INTEGER_ID.test(id)) return undefined;
    const row = await db.selectFrom('examples').select('network_id').where('id', '=', Number(id)).executeTakeFirst();
    return row && { networkId: row.network_id, meetingId: null };
  }
  const meetingId = await resolveSubjectMeeting(db, kind, id);
  if (meetingId === undefined) return undefined;
  const meeting = await db.selectFrom('meetings').select('network_id').where('id', '=', meetingId).executeTakeFirst();
  return meeting && { networkId: meeting.network_id, meetingId };
}

/** The meeting a meeting's subject belongs to, or undefined when the subject does not exist. */
async function resolveSubjectMeeting(db: Db, kind: SubjectKind, id: string): Promise<number | undefined> {
  if (kind === 'session') {
    const row = await db
      .selectFrom('meeting_sessions')
      .select('meeting_id')
      .where('session_id', '=', id)
      .executeTakeFirst();
    return row?.meeting_id;
  }
  if (!INTEGER_ID.test(id)) return undefined;
  const key = Number(id);
  switch (kind) {
    case 'meeting':
      return (await db.selectFrom('meetings').select('id').where('id', '=', key).executeTakeFirst())?.id;
    case 'theme':
      return (await db.selectFrom('themes').select('meeting_id').where('id', '=', key).executeTakeFirst())?.meeting_id;
    case 'statement':
      return (await db.selectFrom('statements').select('meeting_id').where('id', '=', key).executeTakeFirst())
        ?.meeting_id;
    case 'comment':
      return (await db.selectFrom('report_comments').select('meeting_id').where('id', '=', key).executeTakeFirst())
        ?.meeting_id;
    default:
      return undefined;
  }
}

/** The thread of a subject, made on first use; two callers at once get the same one. */
export async function ensureThread(
  db: Db,
  thread: { networkId: number; meetingId: number | null; subject: Subject },
  now = Date.now(),
): Promise<ThreadRow> {
  await db
    .insertInto('threads')
    .values({
      network_id: thread.networkId,
      meeting_id: thread.meetingId,
      subject_kind: thread.subject.kind,
      subject_id: thread.subject.id,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['subject_kind', 'subject_id']).doNothing())
    .execute();
  return db
    .selectFrom('threads')
    .selectAll()
    .where('subject_kind', '=', thread.subject.kind)
    .where('subject_id', '=', thread.subject.id)
    .executeTakeFirstOrThrow();
}

/** A network's threads (to rebuild the search index). */
export async function listThreadsOfNetwork(db: Db, networkId: number): Promise<ThreadRow[]> {
  return db.selectFrom('threads').selectAll().where('network_id', '=', networkId).orderBy('id').execute();
}

/** Finds a thread by id. */
export async function findThread(db: Db, id: number): Promise<ThreadRow | undefined> {
  return db.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst();
}

function selectMessages(db: Db) {
  return db
    .selectFrom('messages')
    .leftJoin('users', 'users.id', 'messages.author_id')
    .selectAll('messages')
    .select('users.name as author_name');
}

function toMessage(row: MessageRow & { author_name: string | null }): Message {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    threadId: row.thread_id,
    authorId: row.author_id,
    authorName: row.author_name,
    body: deleted ? null : row.body,
    mentions: deleted ? [] : (JSON.parse(row.mentions) as number[]),
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    deletedBy: row.deleted_by,
  };
}

/** Finds a message by id, deleted or not. */
export async function findMessage(db: Db, id: number): Promise<Message | undefined> {
  const row = await selectMessages(db).where('messages.id', '=', id).executeTakeFirst();
  return row && toMessage(row);
}

/** A thread's newest messages up to `limit`, oldest first; `before` pages back by id. */
export async function listMessages(
  db: Db,
  threadId: number,
  options: { limit: number; before?: number | undefined },
): Promise<Message[]> {
  let query = selectMessages(db)
    .where('messages.thread_id', '=', threadId)
    .orderBy('messages.id', 'desc')
    .limit(options.limit);
  if (options.before !== undefined) query = query.where('messages.id', '<', options.before);
  const rows = await query.execute();
  return rows.reverse().map(toMessage);
}

/** Adds a message; its author has read the thread up to it. */
export async function addMessage(
  db: Db,
  message: { threadId: number; authorId: number; body: string; mentions: readonly number[] },
  now = Date.now(),
): Promise<Message> {
  const id = await inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('messages')
      .values({
        thread_id: message.threadId,
        author_id: message.authorId,
        body: message.body,
        mentions: JSON.stringify(message.mentions),
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await markRead(trx, message.threadId, message.authorId, row.id);
    return row.id;
  });
  return (await findMessage(db, id))!;
}

/** Changes the text of a message, only by its author and only while it is not deleted. */
export async function editMessage(
  db: Db,
  id: number,
  authorId: number,
  change: { body: string; mentions: readonly number[] },
  now = Date.now(),
): Promise<Message | undefined> {
  const result = await db
    .updateTable('messages')
    .set({ body: change.body, mentions: JSON.stringify(change.mentions), edited_at: now })
    .where('id', '=', id)
    .where('author_id', '=', authorId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0 ? findMessage(db, id) : undefined;
}

/**
 * Deletes a message softly: the row stays as a tombstone with who deleted it and when, so the thread keeps its
 * shape and moderation stays traceable, but its text and mentions are gone. Undefined when already deleted.
 */
export async function deleteMessage(
  db: Db,
  id: number,
  deletedBy: number,
  now = Date.now(),
): Promise<Message | undefined> {
  const result = await db
    .updateTable('messages')
    .set({ body: '', mentions: '[]', deleted_at: now, deleted_by: deletedBy })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0 ? findMessage(db, id) : undefined;
}

/** Records that a member has read a thread up to a message; the marker never moves back. */
export async function markRead(db: Db, threadId: number, userId: number, lastReadMessageId: number): Promise<void> {
  await db
    .insertInto('thread_reads')
    .values({ thread_id: threadId, user_id: userId, last_read_message_id: lastReadMessageId })
    .onConflict((oc) =>
      // The larger of the two, written as a CASE since SQLite calls it max(a, b) and PostgreSQL greatest(a, b).
      oc.columns(['thread_id', 'user_id']).doUpdateSet((eb) => ({
        last_read_message_id: eb
          .case()
          .when('excluded.last_read_message_id', '>', eb.ref('thread_reads.last_read_message_id'))
          .then(eb.ref('excluded.last_read_message_id'))
          .else(eb.ref('thread_reads.last_read_message_id'))
          .end(),
      })),
    )
    .execute();
}

/** Unread messages of others in a network's threads for a member, per thread with any; deleted ones do not count. */
export async function listUnreadThreads(db: Db, networkId: number, userId: number): Promise<UnreadThread[]> {
  const rows = await db
    .selectFrom('threads')
    .leftJoin('meetings', 'meetings.id', 'threads.meeting_id')
    .innerJoin('messages', 'messages.thread_id', 'threads.id')
    .leftJoin('thread_reads', (join) =>
      join.onRef('thread_reads.thread_id', '=', 'threads.id').on('thread_reads.user_id', '=', userId),
    )
    .select([
      'threads.id as threadId',
      'threads.subject_kind as subjectKind',
      'threads.subject_id as subjectId',
      'meetings.id as meetingId',
      'meetings.status as meetingStatus',
    ])
    .select((eb) => eb.fn.countAll<number>().as('unread'))
    .where('threads.network_id', '=', networkId)
    .where('messages.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('messages.author_id', 'is', null), eb('messages.author_id', '!=', userId)]))
    .where((eb) => eb('messages.id', '>', eb.fn.coalesce('thread_reads.last_read_message_id', eb.lit(0))))
    // The meeting's id too: PostgreSQL lets a grouped query select a joined table's columns only through its key.
    .groupBy(['threads.id', 'meetings.id'])
    .orderBy('threads.id')
    .execute();
  return rows.map((row) => ({ ...row, unread: Number(row.unread) }));
}

/** How many messages of others in one thread a member has not read. */
export async function countUnread(db: Db, threadId: number, userId: number): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .leftJoin('thread_reads', (join) =>
      join.onRef('thread_reads.thread_id', '=', 'messages.thread_id').on('thread_reads.user_id', '=', userId),
    )
    .select((eb) => eb.fn.countAll<number>().as('unread'))
    .where('messages.thread_id', '=', threadId)
    .where('messages.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('messages.author_id', 'is', null), eb('messages.author_id', '!=', userId)]))
    .where((eb) => eb('messages.id', '>', eb.fn.coalesce('thread_reads.last_read_message_id', eb.lit(0))))
    .executeTakeFirstOrThrow();
  return Number(row.unread);
}

/** Which of these users are members of the network (to check the people a message mentions). */
export async function findMembersAmong(db: Db, networkId: number, userIds: readonly number[]): Promise<number[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('network_id', '=', networkId)
    .where('user_id', 'in', userIds)
    .execute();
  return rows.map((row) => row.user_id);
}

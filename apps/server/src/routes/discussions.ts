import {
  addMessage,
  countUnread,
  deleteMessage,
  editMessage,
  ensureThread,
  findMembersAmong,
  findMessage,
  findThread,
  listMessages,
  listUnreadThreads,
  type Message,
  markRead,
  resolveSubjectMeeting,
  type ThreadRow,
} from '@klankbord/db';
import {
  canInMeeting,
  formatSubject,
  messageInput,
  parseSubject,
  readMarkerInput,
  type SubjectKind,
  subjectActions,
} from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorise, authoriseMeeting, type MeetingAccess } from '../access.ts';
import { audit } from '../audit.ts';
import type { AppEnv, Deps, Principal } from '../env.ts';
import { fail } from '../errors.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { valid } from '../validate.ts';

// A thread opens on its newest messages; older ones are fetched with ?before=<id>.
const PAGE_SIZE = 200;

const idParam = z.object({ id: z.coerce.number().int().positive() });
const threadQuery = z.object({
  subject: z
    .string('subject.invalid')
    .refine((value) => parseSubject(value) !== undefined, 'subject.invalid')
    .transform((value) => parseSubject(value)!),
  before: z.coerce.number().int().positive().optional(),
});

function subjectOf(thread: ThreadRow): string {
  return formatSubject({ kind: thread.subject_kind, id: thread.subject_id });
}

function threadJson(thread: ThreadRow) {
  return { id: thread.id, subject: subjectOf(thread), meetingId: thread.meeting_id };
}

/**
 * A thread and the caller's standing towards its meeting; 404 for whoever may not see the thread (its meeting,
 * or for a comment's thread the verslag), 403 for whoever sees it but may not post when `need` is 'post'.
 */
async function authoriseThread(
  deps: Deps,
  principal: Principal | null,
  threadId: number,
  need: 'view' | 'post',
): Promise<MeetingAccess & { thread: ThreadRow }> {
  const thread = await findThread(deps.db, threadId);
  if (!thread || thread.meeting_id === null) fail(404, 'not_found');
  const access = await authoriseSubject(deps, principal, thread.meeting_id, thread.subject_kind);
  if (!canInMeeting(access.role, subjectActions[thread.subject_kind][need], access.meeting.status)) {
    fail(403, 'forbidden');
  }
  return { ...access, thread };
}

/** The caller's standing towards a subject's meeting; 404 for whoever may not read that subject's threads. */
async function authoriseSubject(
  deps: Deps,
  principal: Principal | null,
  meetingId: number,
  kind: SubjectKind,
): Promise<MeetingAccess> {
  const access = await authoriseMeeting(deps.db, principal, meetingId, 'meeting.view');
  // A thread one may not read is not there: its subject's existence is not revealed either.
  if (!canInMeeting(access.role, subjectActions[kind].view, access.meeting.status)) fail(404, 'not_found');
  return access;
}

/** Refuses mentions of anyone who is not a member of the network. */
async function checkMentions(deps: Deps, networkId: number, mentions: readonly number[]): Promise<void> {
  const members = await findMembersAmong(deps.db, networkId, mentions);
  if (members.length !== mentions.length) fail(400, 'invalid_input', { mentions: 'mentions.invalid' });
}

/**
 * Tells everyone watching the network who may see the meeting. The client notices its own user among
 * `message.mentions` of a `message.created` event: that is the mention notification.
 */
function publish(
  deps: Deps,
  access: MeetingAccess & { thread: ThreadRow },
  type: 'message.created' | 'message.edited' | 'message.deleted',
  message: Message,
): void {
  const { meeting, network, thread } = access;
  deps.live.publish(
    network.id,
    { type, meetingId: meeting.id, threadId: thread.id, subject: subjectOf(thread), message },
    (role) => canInMeeting(role, subjectActions[thread.subject_kind].view, meeting.status),
  );
}

/** /api/threads: a subject's discussion (made on first use), posting to it, and marking it read. */
export function threadRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', valid('query', threadQuery), async (c) => {
      const { subject, before } = c.req.valid('query');
      const meetingId = await resolveSubjectMeeting(deps.db, subject.kind, subject.id);
      if (meetingId === undefined) fail(404, 'not_found');
      const { network, principal } = await authoriseSubject(deps, c.get('principal'), meetingId, subject.kind);
      const thread = await ensureThread(deps.db, { networkId: network.id, meetingId, subject });
      const page = await listMessages(deps.db, thread.id, { limit: PAGE_SIZE + 1, before });
      const more = page.length > PAGE_SIZE;
      return c.json({
        thread: threadJson(thread),
        messages: more ? page.slice(1) : page,
        more,
        unread: await countUnread(deps.db, thread.id, principal.user.id),
      });
    })
    .post('/:id/messages', valid('param', idParam), valid('json', messageInput), async (c) => {
      const access = await authoriseThread(deps, c.get('principal'), c.req.valid('param').id, 'post');
      const { body, mentions } = c.req.valid('json');
      await checkMentions(deps, access.network.id, mentions);
      const message = await addMessage(deps.db, {
        threadId: access.thread.id,
        authorId: access.principal.user.id,
        body,
        mentions,
      });
      publish(deps, access, 'message.created', message);
      return c.json({ message }, 201);
    })
    .post('/:id/read', valid('param', idParam), valid('json', readMarkerInput), async (c) => {
      const { thread, principal } = await authoriseThread(deps, c.get('principal'), c.req.valid('param').id, 'view');
      const { lastReadMessageId } = c.req.valid('json');
      const message = await findMessage(deps.db, lastReadMessageId);
      if (message?.threadId !== thread.id) fail(400, 'invalid_input', { lastReadMessageId: 'message.invalid' });
      await markRead(deps.db, thread.id, principal.user.id, lastReadMessageId);
      return c.json({ unread: await countUnread(deps.db, thread.id, principal.user.id) });
    });
}

/** /api/messages/:id: its author edits or deletes it; the secretariat deletes anyone's (moderation). */
export function messageRoutes(deps: Deps) {
  /** The message and the caller's standing towards its meeting; 404 when either is out of sight. */
  const authoriseMessage = async (principal: Principal | null, id: number) => {
    const message = await findMessage(deps.db, id);
    if (!message) fail(404, 'not_found');
    const access = await authoriseThread(deps, principal, message.threadId, 'view');
    const isAuthor = message.authorId === access.principal.user.id;
    return { message, access, isAuthor };
  };

  return new Hono<AppEnv>()
    .use(requireUser)
    .patch('/:id', valid('param', idParam), valid('json', messageInput), async (c) => {
      const { message, access, isAuthor } = await authoriseMessage(c.get('principal'), c.req.valid('param').id);
      const { role, meeting, thread } = access;
      if (!isAuthor || !canInMeeting(role, subjectActions[thread.subject_kind].post, meeting.status)) {
        fail(403, 'forbidden');
      }
      if (message.deletedAt !== null) fail(409, 'message.deleted');
      const change = c.req.valid('json');
      await checkMentions(deps, access.network.id, change.mentions);
      const edited = await editMessage(deps.db, message.id, access.principal.user.id, change);
      if (!edited) fail(409, 'message.deleted');
      publish(deps, access, 'message.edited', edited);
      return c.json({ message: edited });
    })
    .delete('/:id', valid('param', idParam), async (c) => {
      const { message, access, isAuthor } = await authoriseMessage(c.get('principal'), c.req.valid('param').id);
      const { role, meeting, network, principal, thread } = access;
      const allowed =
        (isAuthor && canInMeeting(role, subjectActions[thread.subject_kind].post, meeting.status)) ||
        canInMeeting(role, 'discussion.moderate', meeting.status);
      if (!allowed) fail(403, 'forbidden');
      const deleted = await deleteMessage(deps.db, message.id, principal.user.id);
      if (!deleted) fail(409, 'message.deleted');
      if (!isAuthor) {
        await audit(deps, c, {
          networkId: network.id,
          event: 'message.moderated',
          subject: `message:${message.id}`,
          detail: { threadId: access.thread.id, subject: subjectOf(access.thread), authorId: message.authorId },
        });
      }
      publish(deps, access, 'message.deleted', deleted);
      return c.body(null, 204);
    });
}

/** GET /api/networks/:slug/unread: the caller's threads with unread messages, in meetings they may see. */
export function unreadRoutes(deps: Deps) {
  return new Hono<AppEnv>().use(requireUser).get('/', async (c) => {
    const { network, role, principal } = await authorise(
      deps.db,
      c.get('principal'),
      c.req.param('slug') ?? '',
      'network.view',
    );
    const threads = await listUnreadThreads(deps.db, network.id, principal.user.id);
    return c.json({
      threads: threads
        .filter((thread) => canInMeeting(role, subjectActions[thread.subjectKind].view, thread.meetingStatus))
        .map((thread) => ({
          threadId: thread.threadId,
          subject: formatSubject({ kind: thread.subjectKind, id: thread.subjectId }),
          meetingId: thread.meetingId,
          unread: thread.unread,
        })),
    });
  });
}

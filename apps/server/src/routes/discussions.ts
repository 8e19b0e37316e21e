import {
  addMessage,
  countUnread,
  deleteMessage,
  editMessage,
  ensureThread,
  findMembersAmong,
  findMessage,
  listMessages,
  listUnreadThreads,
  type Meeting,
  type Message,
  markRead,
  type NetworkRow,
  resolveSubject,
  type SubjectScope,
  type ThreadRow,
} from '@klankbord/db';
import {
  formatSubject,
  messageInput,
  parseSubject,
  type Role,
  readMarkerInput,
  type SubjectKind,
} from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  authorise,
  authoriseNetwork,
  decideNeeds,
  type Grant,
  mayInSubject,
  refuseUnlessAllowed,
} from '../access/authorise.ts';
import { meetingInStatus } from '../access/facts.ts';
import { audit } from '../audit.ts';
import type { AppEnv, Deps, Principal } from '../env.ts';
import { fail } from '../errors.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { notifyAboutMessage } from '../notifications/producers.ts';
import { indexMessage } from '../search-index.ts';
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

/** A member's standing towards a subject: its network, and its meeting unless it is the network's own. */
interface SubjectAccess {
  network: NetworkRow;
  role: Role;
  principal: Principal;
  meeting: Meeting | null;
}

/** A grant on a subject's threads, as these routes use it. */
function subjectAccess(grant: Grant): SubjectAccess {
  return { network: grant.network!, role: grant.role!, principal: grant.principal, meeting: grant.meeting };
}

/** The caller's standing towards where a subject belongs; 404 for whoever may not read that subject's threads. */
async function authoriseSubject(
  deps: Deps,
  principal: Principal | null,
  scope: SubjectScope,
  kind: SubjectKind,
): Promise<SubjectAccess> {
  const address = { type: 'subject', kind, networkId: scope.networkId, meetingId: scope.meetingId } as const;
  return subjectAccess(await authorise(deps.db, principal, address, 'view'));
}

/**
 * A thread and the caller's standing towards its subject; 404 for whoever may not see the thread (its meeting,
 * a comment's verslag, a voorbeeld's network), 403 for whoever sees it but may not do what `need` says.
 */
async function authoriseThread(
  deps: Deps,
  principal: Principal | null,
  threadId: number,
  need: 'view' | 'post' | 'moderate',
): Promise<SubjectAccess & { thread: ThreadRow }> {
  const grant = await authorise(deps.db, principal, { type: 'thread', threadId }, need);
  return { ...subjectAccess(grant), thread: grant.thread! };
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
  access: SubjectAccess & { thread: ThreadRow },
  type: 'message.created' | 'message.edited' | 'message.deleted',
  message: Message,
): void {
  const { meeting, network, thread } = access;
  const event = { type, threadId: thread.id, subject: subjectOf(thread), message };
  const facts = meeting ? { meeting: meetingInStatus(meeting.status) } : {};
  deps.live.publish(network.id, meeting ? { ...event, meetingId: meeting.id } : event, {
    type: 'thread',
    need: 'view',
    facts,
    context: { subjectKind: thread.subject_kind },
  });
}

/** /api/threads: a subject's discussion (made on first use), posting to it, and marking it read. */
export function threadRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', valid('query', threadQuery), async (c) => {
      const { subject, before } = c.req.valid('query');
      const scope = await resolveSubject(deps.db, subject.kind, subject.id);
      if (!scope) fail(404, 'not_found');
      const { network, principal } = await authoriseSubject(deps, c.get('principal'), scope, subject.kind);
      const thread = await ensureThread(deps.db, { networkId: network.id, meetingId: scope.meetingId, subject });
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
      await indexMessage(deps.db, access.thread, message);
      publish(deps, access, 'message.created', message);
      await notifyAboutMessage(deps, { ...access, message }, true);
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
  /**
   * The message and the caller's standing towards its thread: 404 when either is out of sight; whether they may
   * post there (an author's edit or delete) and moderate it (anyone's delete).
   */
  const authoriseMessage = async (principal: Principal | null, id: number) => {
    if (!principal) fail(401, 'unauthorised');
    const message = await findMessage(deps.db, id);
    if (!message) fail(404, 'not_found');
    const address = { type: 'thread', threadId: message.threadId } as const;
    const { decisions, grant } = await decideNeeds(deps.db, principal, address, ['view', 'post', 'moderate']);
    refuseUnlessAllowed(decisions.get('view'));
    const access = { ...subjectAccess(grant), thread: grant.thread! };
    const isAuthor = message.authorId === principal.user.id;
    return {
      message,
      access,
      isAuthor,
      mayPost: decisions.get('post') === 'allow',
      mayModerate: decisions.get('moderate') === 'allow',
    };
  };

  return new Hono<AppEnv>()
    .use(requireUser)
    .patch('/:id', valid('param', idParam), valid('json', messageInput), async (c) => {
      const { message, access, isAuthor, mayPost } = await authoriseMessage(
        c.get('principal'),
        c.req.valid('param').id,
      );
      if (!isAuthor || !mayPost) fail(403, 'forbidden');
      if (message.deletedAt !== null) fail(409, 'message.deleted');
      const change = c.req.valid('json');
      await checkMentions(deps, access.network.id, change.mentions);
      const edited = await editMessage(deps.db, message.id, access.principal.user.id, change);
      if (!edited) fail(409, 'message.deleted');
      await indexMessage(deps.db, access.thread, edited);
      publish(deps, access, 'message.edited', edited);
      await notifyAboutMessage(deps, { ...access, message: edited }, false);
      return c.json({ message: edited });
    })
    .delete('/:id', valid('param', idParam), async (c) => {
      const { message, access, isAuthor, mayPost, mayModerate } = await authoriseMessage(
        c.get('principal'),
        c.req.valid('param').id,
      );
      const { network, principal } = access;
      if (!((isAuthor && mayPost) || mayModerate)) fail(403, 'forbidden');
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
      await indexMessage(deps.db, access.thread, deleted);
      publish(deps, access, 'message.deleted', deleted);
      return c.body(null, 204);
    });
}

/** GET /api/networks/:slug/unread: the caller's threads with unread messages, of subjects they may see. */
export function unreadRoutes(deps: Deps) {
  return new Hono<AppEnv>().use(requireUser).get('/', async (c) => {
    const { network, role, principal } = await authoriseNetwork(
      deps.db,
      c.get('principal'),
      c.req.param('slug') ?? '',
      'network.view',
    );
    const threads = await listUnreadThreads(deps.db, network.id, principal.user.id);
    return c.json({
      threads: threads
        .filter((thread) => mayInSubject(role, thread.subjectKind, 'view', thread.meetingStatus))
        .map((thread) => ({
          threadId: thread.threadId,
          subject: formatSubject({ kind: thread.subjectKind, id: thread.subjectId }),
          meetingId: thread.meetingId,
          unread: thread.unread,
        })),
    });
  });
}

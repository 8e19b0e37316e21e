import {
  type Afspraak,
  findNetworkById,
  listMemberRoles,
  type Meeting,
  type Message,
  type NetworkRow,
  type ThreadRow,
} from '@klankbord/db';
import { decide, type Facts, type MeetingStage } from '@klankbord/domain';
import { resolveAddress } from '../access/facts.ts';
import type { Deps } from '../env.ts';
import { notify, userMay } from './notify.ts';

type NotifyDeps = Pick<Deps, 'db' | 'live' | 'logger'>;

/** Where a thread's subject is shown in the web app. */
export function subjectLink(
  slug: string,
  thread: Pick<ThreadRow, 'subject_kind' | 'subject_id' | 'meeting_id'>,
): string {
  const base = `/networks/${slug}`;
  const meeting = `${base}/meetings/${thread.meeting_id}`;
  switch (thread.subject_kind) {
    case 'example':
      return `${base}/examples/${encodeURIComponent(thread.subject_id)}`;
    case 'session':
      return `${meeting}/sessions/${encodeURIComponent(thread.subject_id)}`;
    case 'comment':
      return `${meeting}/report`;
    default:
      return meeting;
  }
}

/** A message in a thread, as the discussion routes hand it over. */
export interface MessageContext {
  network: NetworkRow;
  meeting: Meeting | null;
  thread: ThreadRow;
  message: Message;
}

/**
 * Tells the members a message mentions, if they may read its thread. On an edit only mentions new to the
 * message notify: the key is per message, so an edit never notifies anyone twice.
 */
export async function notifyMentions(deps: NotifyDeps, context: MessageContext): Promise<Set<number>> {
  const { network, meeting, thread, message } = context;
  const told = new Set<number>();
  for (const userId of message.mentions) {
    if (userId === message.authorId) continue;
    if (!(await userMay(deps, userId, { type: 'thread', threadId: thread.id }, 'view'))) continue;
    told.add(userId);
    await notify(deps, {
      userId,
      networkId: network.id,
      kind: 'mention',
      link: subjectLink(network.slug, thread),
      params: { actor: message.authorName ?? '', ...(meeting ? { meeting: meeting.title } : {}) },
      dedupeKey: `mention:${message.id}`,
    });
  }
  return told;
}

/**
 * Tells who started a thread (and, beside a verslag, who made the comment) that someone replied, unless the
 * reply mentions them already (they were told that) or they may no longer read it.
 */
export async function notifyReply(deps: NotifyDeps, context: MessageContext, mentioned: Set<number>): Promise<void> {
  const { network, meeting, thread, message } = context;
  const first = await deps.db
    .selectFrom('messages')
    .select(['id', 'author_id'])
    .where('thread_id', '=', thread.id)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  const owners = new Set<number>();
  if (first && first.id !== message.id && first.author_id !== null) owners.add(first.author_id);
  if (thread.subject_kind === 'comment') {
    const comment = await deps.db
      .selectFrom('report_comments')
      .select('created_by')
      .where('id', '=', Number(thread.subject_id))
      .executeTakeFirst();
    if (comment?.created_by != null && first?.id !== message.id) owners.add(comment.created_by);
  }
  for (const userId of owners) {
    if (userId === message.authorId || mentioned.has(userId)) continue;
    if (!(await userMay(deps, userId, { type: 'thread', threadId: thread.id }, 'view'))) continue;
    await notify(deps, {
      userId,
      networkId: network.id,
      kind: 'comment.reply',
      link: subjectLink(network.slug, thread),
      params: { actor: message.authorName ?? '', ...(meeting ? { meeting: meeting.title } : {}) },
      dedupeKey: `comment.reply:${message.id}`,
    });
  }
}

/** Tells the member an afspraak is now theirs, unless they gave it to themselves or may not see it. */
export async function notifyAfspraakAssigned(deps: NotifyDeps, afspraak: Afspraak, actorId: number): Promise<void> {
  const owner = afspraak.owner;
  if (owner?.kind !== 'member' || owner.id === actorId) return;
  try {
    if (!(await userMay(deps, owner.id, { type: 'afspraak', afspraakId: afspraak.id }, 'view'))) return;
    const network = await findNetworkById(deps.db, afspraak.networkId);
    if (!network) return;
    await notify(deps, {
      userId: owner.id,
      networkId: afspraak.networkId,
      kind: 'afspraak.assigned',
      link: `/networks/${network.slug}/afspraken`,
      params: {
        title: afspraak.description,
        meeting: afspraak.meeting.title,
        ...(afspraak.dueDate ? { date: afspraak.dueDate } : {}),
      },
      dedupeKey: `afspraak.assigned:${afspraak.id}:${owner.id}`,
    });
  } catch (error) {
    deps.logger.error({ err: error, afspraakId: afspraak.id }, 'could not notify an assignment');
  }
}

/** Who may act on each stage of a netwerkdag (by the one access decision), and where the web app shows it. */
const stages: Record<MeetingStage, { may: (facts: Facts) => boolean; path: string }> = {
  programme: { may: (facts) => decide('meeting', 'programme.view', facts) === 'allow', path: '/programme' },
  voting: { may: (facts) => decide('meeting', 'statement.vote', facts) === 'allow', path: '' },
  report: { may: (facts) => decide('report', 'readFinal', facts) === 'allow', path: '/report/published' },
};

/**
 * Tells the members taking part in a netwerkdag that it reached a stage: everyone whose role may now do what
 * the stage is about, decided for each role with the meeting's facts as they are now. `key` names the stage
 * once (a meeting's programme, a stelling's vote), so that publishing again notifies nobody twice.
 */
export async function notifyMeetingStage(
  deps: NotifyDeps,
  change: { network: NetworkRow; meeting: Meeting; stage: MeetingStage; key: string; actorId: number; title?: string },
): Promise<void> {
  try {
    const { network, meeting, stage } = change;
    const { facts } = await resolveAddress(deps.db, { type: 'meeting', meetingId: meeting.id }, change.actorId);
    if (!facts.meeting) return;
    const byRole = new Map<string, boolean>();
    for (const member of await listMemberRoles(deps.db, network.id)) {
      if (member.userId === change.actorId) continue;
      let allowed = byRole.get(member.role);
      if (allowed === undefined) {
        allowed = stages[stage].may({ ...facts, role: member.role });
        byRole.set(member.role, allowed);
      }
      if (!allowed) continue;
      await notify(deps, {
        userId: member.userId,
        networkId: network.id,
        kind: 'meeting.stage',
        link: `/networks/${network.slug}/meetings/${meeting.id}${stages[stage].path}`,
        params: { stage, meeting: meeting.title, ...(change.title ? { title: change.title } : {}) },
        dedupeKey: `meeting.stage:${change.key}`,
      });
    }
  } catch (error) {
    deps.logger.error({ err: error, meetingId: change.meeting.id }, 'could not notify a meeting stage');
  }
}

/** The notifications of a new or edited message: mentions, and for a new one the reply to its thread's author. */
export async function notifyAboutMessage(deps: NotifyDeps, context: MessageContext, isNew: boolean): Promise<void> {
  try {
    const mentioned = await notifyMentions(deps, context);
    if (isNew) await notifyReply(deps, context, mentioned);
  } catch (error) {
    deps.logger.error({ err: error, messageId: context.message.id }, 'could not notify about a message');
  }
}

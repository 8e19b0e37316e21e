import {
  claimDigest,
  listUnmailedNotifications,
  markNotificationsMailed,
  pruneDigests,
  runExclusive,
  type UnmailedNotification,
} from '@klankbord/db';
import { type NotificationKind, todayInNetherlands } from '@klankbord/domain';
import type { Deps } from '../env.ts';
import { mailLanguage, notificationLine, notificationMessage } from './mail-text.ts';
import { unsubscribeToken } from './unsubscribe.ts';

/** What the mail jobs need: the database, the mailer, and the address links in a mail start with. */
export interface MailingDeps extends Pick<Deps, 'db' | 'mailer' | 'logger'> {
  baseUrl: string;
}

const HOUR = 60 * 60 * 1000;
// A direct mail that could not go out within this long is left to the inbox: old news by mail helps nobody.
const DIRECT_WINDOW = HOUR;
// The digest takes what the previous digest could not have held (made after it went out) and today's items.
const DIGEST_WINDOW = 48 * HOUR;
// Bounds one run; what is left goes in the next run.
const BATCH = 2000;

function byPerson(notifications: UnmailedNotification[]): Map<number, UnmailedNotification[]> {
  const people = new Map<number, UnmailedNotification[]>();
  for (const notification of notifications) {
    const list = people.get(notification.userId) ?? [];
    list.push(notification);
    people.set(notification.userId, list);
  }
  return people;
}

/** Sends one person one mail holding these notifications; true when the mail server took it. */
async function mailPerson(deps: MailingDeps, items: UnmailedNotification[], digest: boolean): Promise<boolean> {
  const first = items[0]!;
  const language = mailLanguage(first.locale);
  const kinds = [...new Set(items.map((item) => item.kind))] as NotificationKind[];
  const unsubscribe = await Promise.all(
    kinds.map(async (kind) => ({
      kind,
      url: `${deps.baseUrl}/unsubscribe/${await unsubscribeToken(deps.db, { userId: first.userId, kind })}`,
    })),
  );
  const message = notificationMessage({
    language,
    name: first.name,
    digest,
    items: items.map((item) => ({
      kind: item.kind,
      line: notificationLine(item, language),
      url: `${deps.baseUrl}${item.link}`,
    })),
    unsubscribe,
  });
  return deps.mailer.sendNotification({
    to: { email: first.email, name: first.name },
    ...message,
    unsubscribeUrl: unsubscribe[0]!.url,
  });
}

/**
 * Mails what people want at once (mentions, assignments by default): one mail per person holding all that
 * came since the last run, so that a burst of mentions is one mail. One instance at a time runs it; returns how
 * many mails went out (0 when another instance was running it).
 */
export async function flushDirectMail(deps: MailingDeps, now = Date.now()): Promise<number> {
  if (!deps.mailer.configured) return 0;
  const run = await runExclusive(deps.db, 'notifications.outbox', async () => {
    const pending = await listUnmailedNotifications(deps.db, 'direct', { since: now - DIRECT_WINDOW, limit: BATCH });
    let sent = 0;
    for (const items of byPerson(pending).values()) {
      if (await mailPerson(deps, items, false)) sent++;
      await markMailed(deps, items, now);
    }
    return sent;
  });
  return run.ran ? run.value : 0;
}

/**
 * Marked after the attempt, so that an instance that dies in between loses no mail: the next run sends it again
 * (one duplicate rather than none). No run overlaps another (runExclusive), so a mail server that answers late
 * never makes a second mail. A refused mail is not tried again: the inbox holds it.
 */
async function markMailed(deps: MailingDeps, items: UnmailedNotification[], now: number): Promise<void> {
  await markNotificationsMailed(
    deps.db,
    items.map((item) => item.id),
    now,
  );
}

/**
 * Sends each person who has daily notifications waiting one digest for the day (Amsterdam time), each item
 * once. A second run on the same day sends nothing to someone who had theirs. One instance at a time runs it;
 * returns how many went out (0 when another instance was running it).
 */
export async function sendDigests(deps: MailingDeps, now = Date.now()): Promise<number> {
  if (!deps.mailer.configured) return 0;
  const run = await runExclusive(deps.db, 'notifications.digest', async () => {
    const day = todayInNetherlands(new Date(now));
    const pending = await listUnmailedNotifications(deps.db, 'daily', { since: now - DIGEST_WINDOW, limit: BATCH });
    let sent = 0;
    for (const [userId, items] of byPerson(pending)) {
      if (await hadDigest(deps, userId, day)) continue;
      if (await mailPerson(deps, items, true)) sent++;
      // Recorded after the attempt, as direct mail is marked (markMailed): a crash in between repeats one digest.
      await claimDigest(deps.db, userId, day, now);
      await markMailed(deps, items, now);
    }
    await pruneDigests(deps.db, now - 7 * 24 * HOUR);
    return sent;
  });
  return run.ran ? run.value : 0;
}

/** Whether a person's digest of a day went out (claimDigest recorded it). */
async function hadDigest(deps: MailingDeps, userId: number, day: string): Promise<boolean> {
  const row = await deps.db
    .selectFrom('notification_digests')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('day', '=', day)
    .executeTakeFirst();
  return row !== undefined;
}

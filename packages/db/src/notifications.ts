import {
  defaultDeliveries,
  isNotificationKind,
  type NotificationDelivery,
  type NotificationKind,
  type NotificationParams,
  type Role,
} from '@klankbord/domain';
import type { Db } from './connection.ts';

/** A notification as its reader gets it. */
export interface Notification {
  id: number;
  networkId: number;
  kind: NotificationKind;
  link: string;
  params: NotificationParams;
  createdAt: number;
  readAt: number | null;
}

/** What a producer asks to tell someone. */
export interface NewNotification {
  userId: number;
  networkId: number;
  kind: NotificationKind;
  link: string;
  params: NotificationParams;
  /** The same key for the same user never notifies twice (e.g. `afspraak.due:12:2026-10-08`). */
  dedupeKey: string;
}

/** The most notifications one person keeps; older ones go when new ones come. */
export const NOTIFICATIONS_PER_USER = 500;
/** Read notifications are forgotten after this long. */
export const READ_NOTIFICATION_DAYS = 90;

type Row = {
  id: number;
  network_id: number;
  kind: string;
  link: string;
  params: string;
  created_at: number;
  read_at: number | null;
};

function toNotification(row: Row): Notification {
  return {
    id: row.id,
    networkId: row.network_id,
    kind: row.kind as NotificationKind,
    link: row.link,
    params: JSON.parse(row.params) as NotificationParams,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

/**
 * Stores a notification unless its dedupe key was used for that person before, and keeps their newest
 * NOTIFICATIONS_PER_USER. Returns its id, or undefined when it was a repeat.
 */
export async function addNotification(
  db: Db,
  notification: NewNotification,
  now = Date.now(),
): Promise<number | undefined> {
  const row = await db
    .insertInto('notifications')
    .values({
      user_id: notification.userId,
      network_id: notification.networkId,
      kind: notification.kind,
      link: notification.link,
      params: JSON.stringify(notification.params),
      dedupe_key: notification.dedupeKey,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return undefined;
  const cutoff = await db
    .selectFrom('notifications')
    .select('id')
    .where('user_id', '=', notification.userId)
    .orderBy('id', 'desc')
    .offset(NOTIFICATIONS_PER_USER)
    .limit(1)
    .executeTakeFirst();
  if (cutoff) {
    await db
      .deleteFrom('notifications')
      .where('user_id', '=', notification.userId)
      .where('id', '<=', cutoff.id)
      .execute();
  }
  return row.id;
}

/** A person's notifications, newest first; `before` pages back by id. */
export async function listNotifications(
  db: Db,
  userId: number,
  options: { limit: number; before?: number | undefined },
): Promise<Notification[]> {
  let query = db
    .selectFrom('notifications')
    .select(['id', 'network_id', 'kind', 'link', 'params', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  return (await query.execute()).map(toNotification);
}

/** How many notifications a person has not read. */
export async function countUnreadNotifications(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks a person's notifications read: these ids (others' ids are ignored), or all. Returns how many changed. */
export async function markNotificationsRead(
  db: Db,
  userId: number,
  which: { ids: readonly number[] } | { all: true },
  now = Date.now(),
): Promise<number> {
  let query = db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if ('ids' in which) query = query.where('id', 'in', [...which.ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Forgets read notifications older than READ_NOTIFICATION_DAYS; returns how many. */
export async function pruneReadNotifications(db: Db, now = Date.now()): Promise<number> {
  const result = await db
    .deleteFrom('notifications')
    .where('read_at', 'is not', null)
    .where('read_at', '<', now - READ_NOTIFICATION_DAYS * 24 * 60 * 60 * 1000)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A person's choice per kind, with the defaults for what they never chose. */
export async function getNotificationPreferences(
  db: Db,
  userId: number,
): Promise<Record<NotificationKind, NotificationDelivery>> {
  const rows = await db
    .selectFrom('user_notification_preferences')
    .select(['kind', 'delivery'])
    .where('user_id', '=', userId)
    .execute();
  const preferences = { ...defaultDeliveries };
  for (const row of rows)
    if (isNotificationKind(row.kind)) preferences[row.kind] = row.delivery as NotificationDelivery;
  return preferences;
}

/** Sets a person's choice for some kinds. */
export async function setNotificationPreferences(
  db: Db,
  userId: number,
  choices: { [K in NotificationKind]?: NotificationDelivery | undefined },
): Promise<void> {
  const values = Object.entries(choices)
    .filter(([, delivery]) => delivery !== undefined)
    .map(([kind, delivery]) => ({ user_id: userId, kind, delivery: delivery! }));
  if (values.length === 0) return;
  await db
    .insertInto('user_notification_preferences')
    .values(values)
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ delivery: (eb) => eb.ref('excluded.delivery') }))
    .execute();
}

/** A notification waiting to be mailed, with whom it is for. */
export interface UnmailedNotification extends Notification {
  userId: number;
  email: string;
  name: string;
  locale: string;
}

/**
 * Notifications not mailed yet, made since `since`, whose person wants their kind mailed by `delivery`, oldest
 * first, at most `limit`.
 */
export async function listUnmailedNotifications(
  db: Db,
  delivery: 'direct' | 'daily',
  options: { since: number; limit: number },
): Promise<UnmailedNotification[]> {
  const kinds = (Object.keys(defaultDeliveries) as NotificationKind[]).filter(
    (kind) => defaultDeliveries[kind] === delivery,
  );
  const rows = await db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    // Mailed only while the person is still a member of the network it came from.
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.user_id', '=', 'notifications.user_id').onRef('m.network_id', '=', 'notifications.network_id'),
    )
    .leftJoin('user_notification_preferences as p', (join) =>
      join.onRef('p.user_id', '=', 'notifications.user_id').onRef('p.kind', '=', 'notifications.kind'),
    )
    .select([
      'notifications.id',
      'notifications.network_id',
      'notifications.kind',
      'notifications.link',
      'notifications.params',
      'notifications.created_at',
      'notifications.read_at',
      'notifications.user_id',
      'users.email',
      'users.name',
      'users.locale',
    ])
    .where('notifications.mailed_at', 'is', null)
    .where('notifications.created_at', '>=', options.since)
    .where((eb) =>
      eb.or([
        eb('p.delivery', '=', delivery),
        kinds.length > 0
          ? eb.and([eb('p.delivery', 'is', null), eb('notifications.kind', 'in', kinds)])
          : eb.val(false),
      ]),
    )
    .orderBy('notifications.id')
    .limit(options.limit)
    .execute();
  return rows.map((row) => ({
    ...toNotification(row),
    userId: row.user_id,
    email: row.email,
    name: row.name,
    locale: row.locale,
  }));
}

/** Marks notifications mailed, so that no later run mails them again. */
export async function markNotificationsMailed(db: Db, ids: readonly number[], now = Date.now()): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ mailed_at: now })
    .where('id', 'in', [...ids])
    .where('mailed_at', 'is', null)
    .execute();
}

/**
 * Claims a person's digest of a day: true for the first caller only, so that a day never has two digests.
 */
export async function claimDigest(db: Db, userId: number, day: string, now = Date.now()): Promise<boolean> {
  const row = await db
    .insertInto('notification_digests')
    .values({ user_id: userId, day, sent_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'day']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets digest records older than `before` (they only guard the day they are of). */
export async function pruneDigests(db: Db, before: number): Promise<void> {
  await db.deleteFrom('notification_digests').where('sent_at', '<', before).execute();
}

/** A named server secret, made with `make` on first use and the same ever after. */
export async function serverSecret(db: Db, name: string, make: () => string, now = Date.now()): Promise<string> {
  await db
    .insertInto('server_secrets')
    .values({ name, value: make(), created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}

/** The members of a network with their role, to decide whom a change concerns. */
export async function listMemberRoles(db: Db, networkId: number): Promise<{ userId: number; role: Role }[]> {
  return db
    .selectFrom('memberships')
    .select(['user_id as userId', 'role'])
    .where('network_id', '=', networkId)
    .execute();
}

import { addNotification, countUnreadNotifications, type NewNotification } from '@klankbord/db';
import { type Address, type AddressType, decide, type Need } from '@klankbord/domain';
import { resolveAddress } from '../access/facts.ts';
import type { Deps } from '../env.ts';

/**
 * Stores a notification (once per dedupe key) and tells the person's open streams how many they have unread.
 * A failure is logged, never thrown: telling people must not undo or fail what they were told about.
 */
export async function notify(
  deps: Pick<Deps, 'db' | 'live' | 'logger'>,
  notification: NewNotification,
): Promise<boolean> {
  try {
    const id = await addNotification(deps.db, notification);
    if (id === undefined) return false;
    const unread = await countUnreadNotifications(deps.db, notification.userId);
    deps.live.publishToUser(notification.userId, { type: 'notification.created', unread });
    return true;
  } catch (error) {
    deps.logger.error({ err: error, kind: notification.kind }, 'could not notify');
    return false;
  }
}

/**
 * Whether this person may meet the need on the address, by the one access decision with the facts as they are
 * for them: nobody is told about what they may not read.
 */
export async function userMay<T extends AddressType>(
  deps: Pick<Deps, 'db'>,
  userId: number,
  address: Address & { type: T },
  need: Need<T>,
): Promise<boolean> {
  const { facts, subjectKind, attachmentTarget } = await resolveAddress(deps.db, address, userId);
  return decide(address.type, need, facts, { subjectKind, attachmentTarget }) === 'allow';
}

import type { NotificationKind, NotificationParams } from '@klankbord/domain';
import { api } from './api.ts';

/** A notification as the inbox shows it. */
export interface InboxNotification {
  id: number;
  kind: NotificationKind;
  link: string;
  params: NotificationParams;
  createdAt: number;
  readAt: number | null;
}

/**
 * The signed-in person's unread count, shared by the header's badge and the inbox page. The server is the
 * truth: the count is asked again on navigation, and set from `notification.created` events as they come.
 */
class UnreadNotifications {
  count = $state(0);

  /** Asks the server; keeps the last count when it cannot be reached (offline). */
  async refresh(): Promise<void> {
    try {
      this.count = (await api.notifications.unread()).unread;
    } catch {
      // The badge may be behind for a while; the next navigation or event brings it up to date.
    }
  }

  set(count: number): void {
    this.count = count;
  }
}

export const unreadNotifications = new UnreadNotifications();

/** The i18n key and values of a notification's text: rendered in the reader's language, never as markup. */
export function notificationMessage(notification: Pick<InboxNotification, 'kind' | 'params'>): {
  key: string;
  values: Record<string, string>;
} {
  const p = notification.params;
  const values = { actor: p.actor ?? '', meeting: p.meeting ?? '', title: p.title ?? '', date: p.date ?? '' };
  if (notification.kind === 'meeting.stage')
    return { key: `notifications.kind.stage.${p.stage ?? 'programme'}`, values };
  return { key: `notifications.kind.${notification.kind}`, values };
}

import { z } from 'zod';

/** What a person can be told about. `meeting.stage` covers programme published, voting open, verslag published. */
export const notificationKinds = [
  'mention',
  'afspraak.assigned',
  'afspraak.due',
  'comment.reply',
  'meeting.stage',
  'barrier.reported',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** How a kind reaches someone by mail: within a minute, in the daily digest, or not at all. */
export const notificationDeliveries = ['direct', 'daily', 'off'] as const;
export type NotificationDelivery = (typeof notificationDeliveries)[number];

/** The stages of a netwerkdag a participant is told about. */
export const meetingStages = ['programme', 'voting', 'report'] as const;
export type MeetingStage = (typeof meetingStages)[number];

/** Mentions and assignments are personal and come at once; the rest waits for the daily digest. */
export const defaultDeliveries: Record<NotificationKind, NotificationDelivery> = {
  mention: 'direct',
  'afspraak.assigned': 'direct',
  'afspraak.due': 'daily',
  'comment.reply': 'daily',
  'meeting.stage': 'daily',
  // A barrier report (to the secretariaat) promises an answer within days: it comes at once.
  'barrier.reported': 'direct',
};

/**
 * The parameters of a notification's text; each reader renders them in their own language. Every field is text
 * someone typed (a name, a title) or a fixed value, never markup.
 */
export interface NotificationParams {
  /** Who did it (a mention, a reply). */
  actor?: string | undefined;
  /** The netwerkdag it concerns. */
  meeting?: string | undefined;
  /** An afspraak's description or a stelling's text. */
  title?: string | undefined;
  /** An afspraak's due date (YYYY-MM-DD). */
  date?: string | undefined;
  stage?: MeetingStage | undefined;
}

export function isNotificationKind(value: string): value is NotificationKind {
  return (notificationKinds as readonly string[]).includes(value);
}

/** POST /api/notifications/read: some ids, or all. */
export const notificationReadInput = z.union([
  z.object({ all: z.literal(true) }),
  z.object({ ids: z.array(z.number().int().positive(), 'ids.invalid').min(1, 'ids.invalid').max(100, 'ids.tooMany') }),
]);

/** PUT /api/account/notification-preferences: any of the kinds, each one delivery. */
export const notificationPreferencesInput = z
  .object(
    Object.fromEntries(
      notificationKinds.map((kind) => [kind, z.enum(notificationDeliveries, 'delivery.invalid').optional()]),
    ) as Record<NotificationKind, z.ZodOptional<z.ZodEnum<{ direct: 'direct'; daily: 'daily'; off: 'off' }>>>,
  )
  .strict();

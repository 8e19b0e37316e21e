import { z } from 'zod';

/**
 * A netwerkdag's lifecycle, in order: voorbereiding → programma gepubliceerd → live → verslaglegging →
 * afgerond. Identifiers are English; the web app shows the Dutch words. Who may move a meeting between
 * them is in roles.ts, with everything else the permission matrix decides.
 */
export const meetingStatuses = ['preparation', 'published', 'live', 'reporting', 'closed'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

/** How people attend. */
export const meetingFormats = ['in-person', 'online', 'hybrid'] as const;
export type MeetingFormat = (typeof meetingFormats)[number];

export const MEETING_TITLE_MAX_LENGTH = 200;
export const VENUE_MAX_LENGTH = 300;
export const MAX_MEETING_DAYS = 5;

/** A calendar date, YYYY-MM-DD, that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date.invalid')
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    'date.invalid',
  );

/** POST /api/networks/:slug/meetings and PATCH /api/meetings/:id. */
export const meetingInput = z.object({
  title: z.string().trim().min(1, 'title.required').max(MEETING_TITLE_MAX_LENGTH, 'title.tooLong'),
  dates: z
    .array(isoDate)
    .min(1, 'dates.required')
    .max(MAX_MEETING_DAYS, 'dates.tooMany')
    .refine((dates) => new Set(dates).size === dates.length, 'dates.duplicate')
    .transform((dates) => [...dates].sort()),
  format: z.enum(meetingFormats, 'format.invalid'),
  hostOrganisationId: z.number().int().positive('organisation.invalid').nullable(),
  venue: z.string().trim().max(VENUE_MAX_LENGTH, 'venue.tooLong').default(''),
});
export type MeetingInput = z.infer<typeof meetingInput>;

/** POST /api/meetings/:id/status. */
export const meetingTransitionInput = z.object({ status: z.enum(meetingStatuses, 'status.invalid') });

/** The year a meeting is filed under in the overview: that of its first day. */
export function meetingYear(dates: readonly string[]): number {
  return Number((dates[0] ?? '').slice(0, 4));
}

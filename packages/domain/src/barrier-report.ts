import { z } from 'zod';
import { email } from './account.ts';

/**
 * A barrier report (melding van een toegankelijkheidsprobleem): anyone, signed in or not, tells the secretariaat
 * that something in Klankbord stood in their way. It names the page, says what went wrong and may leave an
 * e-mail address for an answer. The accessibility statement (/toegankelijkheid) promises an answer.
 */

/** A page address: a path in the web app, as the browser shows it after the host. */
export const BARRIER_PAGE_MAX_LENGTH = 500;
export const BARRIER_DESCRIPTION_MIN_LENGTH = 10;
export const BARRIER_DESCRIPTION_MAX_LENGTH = 4000;
/** How many unhandled reports the server keeps; beyond that new ones wait until the secretariaat handles some. */
export const OPEN_BARRIER_REPORTS_MAX = 200;
/** How many handled reports are kept; older handled ones are forgotten. */
export const HANDLED_BARRIER_REPORTS_MAX = 1000;
/** How many reports the secretariaat's list shows, newest first. */
export const BARRIER_REPORTS_LIST_MAX = 100;
/** Days within which the statement promises an answer (the model statement says: within 5 working days). */
export const BARRIER_ANSWER_WORKING_DAYS = 5;

/** Barrier report states: open until the secretariaat marks it handled. */
export const barrierReportStatuses = ['open', 'handled'] as const;
export type BarrierReportStatus = (typeof barrierReportStatuses)[number];

/** POST /api/barrier-reports. The page is a path of this site (`/networks/…`), never an address elsewhere. */
export const barrierReportInput = z.object({
  page: z
    .string('barrier.page.required')
    .trim()
    .min(1, 'barrier.page.required')
    .max(BARRIER_PAGE_MAX_LENGTH, 'barrier.page.tooLong')
    .regex(/^\/(?!\/)[^\s\\]*$/, 'barrier.page.invalid'),
  description: z
    .string('barrier.description.tooShort')
    .trim()
    .min(BARRIER_DESCRIPTION_MIN_LENGTH, 'barrier.description.tooShort')
    .max(BARRIER_DESCRIPTION_MAX_LENGTH, 'barrier.description.tooLong'),
  // Optional: empty or left out means the reporter wants no answer.
  email: z
    .union([z.literal(''), email])
    .nullish()
    .transform((value) => value || null),
});
export type BarrierReportInput = z.input<typeof barrierReportInput>;

/** PATCH /api/barrier-reports/:id: the secretariaat marks a report handled, or open again. */
export const barrierReportStatusInput = z.object({ status: z.enum(barrierReportStatuses, 'status.invalid') });

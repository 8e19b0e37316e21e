import { z } from 'zod';
import { anchorInput } from './anchor.ts';

/**
 * Afspraken (actions): agreed follow-ups, marked on a passage of a verslag, each with an owner — a member or an
 * organisation of the network — and a due date. The network follows them up across meetings; the open ones
 * are shown while the next netwerkdag is prepared.
 */
export const afspraakStatuses = ['open', 'done'] as const;
export type AfspraakStatus = (typeof afspraakStatuses)[number];

export const AFSPRAAK_DESCRIPTION_MAX_LENGTH = 500;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date written YYYY-MM-DD that exists (no 31 February). */
export const calendarDate = z.string('dueDate.invalid').refine((value) => {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}, 'dueDate.invalid');

const description = z
  .string('description.required')
  .transform((text) => text.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'description.required').max(AFSPRAAK_DESCRIPTION_MAX_LENGTH, 'description.tooLong'));

/** Who an afspraak is for: a member (user id) or an organisation (id); at most one of the two. */
const ownerId = z.number('owner.invalid').int('owner.invalid').positive('owner.invalid').nullable();
const oneOwner = (value: {
  ownerUserId?: number | null | undefined;
  ownerOrganisationId?: number | null | undefined;
}) => value.ownerUserId == null || value.ownerOrganisationId == null;

/** POST /api/meetings/:id/afspraken: a passage of the verslag becomes an afspraak. */
export const afspraakInput = anchorInput
  .extend({
    description,
    ownerUserId: ownerId.default(null),
    ownerOrganisationId: ownerId.default(null),
    dueDate: calendarDate.nullable().default(null),
  })
  .refine(oneOwner, { message: 'owner.both', path: ['owner'] });
export type AfspraakInput = z.infer<typeof afspraakInput>;
/** What a client sends to make an afspraak (defaults may be left out). */
export type AfspraakRequest = z.input<typeof afspraakInput>;

/** PATCH /api/afspraken/:id: any of description, owner, due date and status. */
export const afspraakChange = z
  .object({
    description: description.optional(),
    ownerUserId: ownerId.optional(),
    ownerOrganisationId: ownerId.optional(),
    dueDate: calendarDate.nullable().optional(),
    status: z.enum(afspraakStatuses, 'status.invalid').optional(),
  })
  .refine(oneOwner, { message: 'owner.both', path: ['owner'] });
export type AfspraakChange = z.infer<typeof afspraakChange>;
/** What a client sends to change an afspraak. */
export type AfspraakChangeRequest = z.input<typeof afspraakChange>;

/** Today's calendar date (YYYY-MM-DD) in the Netherlands, where due dates are agreed. */
export function todayInNetherlands(now = new Date()): string {
  // sv-SE formats a date as YYYY-MM-DD.
  return now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

/** An open afspraak whose due date has passed (due today is not overdue yet). */
export function isAfspraakOverdue(
  afspraak: { status: AfspraakStatus; dueDate: string | null },
  today = todayInNetherlands(),
): boolean {
  return afspraak.status === 'open' && afspraak.dueDate !== null && afspraak.dueDate < today;
}

import { z } from 'zod';
import { todayInNetherlands } from './afspraak.ts';
import type { MeetingStatus } from './meeting.ts';
import { canInMeeting, roles } from './roles.ts';
import { positions } from './statement.ts';

/**
 * Voting without an account: on the day itself the secretariaat turns on a day code for a netwerkdag, and
 * someone in the room without an account (a guest speaker) votes on its open stellingen through the code's short
 * link. Guests are counted apart from members.
 */

/** No 0/O, 1/I/L: a code read off a big screen or said aloud is typed right the first time. */
export const DAY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** 31^8 ≈ 8.5 × 10^11 codes, against a per-address limit on wrong guesses. */
export const DAY_CODE_LENGTH = 8;
/** How many guests one netwerkdag takes at most: a room, not the internet. */
export const GUEST_VOTERS_PER_MEETING_MAX = 500;
export const GUEST_NAME_MAX_LENGTH = 100;
export const GUEST_ORGANISATION_MAX_LENGTH = 150;

/** A day code as it appears in a short link (`/s/<code>`); lower case is accepted and read as upper case. */
export const dayCodeParam = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(new RegExp(`^[${DAY_CODE_ALPHABET}]{${DAY_CODE_LENGTH}}$`), 'dayCode.invalid'));

/** POST /api/guest/:code/voter: who the guest is, asked once. */
export const guestVoterInput = z.object({
  name: z.string().trim().min(1, 'name.required').max(GUEST_NAME_MAX_LENGTH, 'name.tooLong'),
  organisation: z
    .string()
    .trim()
    .min(1, 'organisation.required')
    .max(GUEST_ORGANISATION_MAX_LENGTH, 'organisation.tooLong'),
});
export type GuestVoterInput = z.infer<typeof guestVoterInput>;

/** PUT /api/guest/:code/statements/:id/vote. */
export const guestVoteInput = z.object({ position: z.enum(positions, 'position.invalid') });

/** POST /api/meetings/:id/day-code: turn the code on or off, or replace it by a new one. */
export const dayCodeInput = z.object({ enabled: z.boolean('enabled.invalid'), renew: z.boolean().default(false) });

/** True when the time `now` falls on one of the meeting's dates, in the Netherlands. */
export function isMeetingDay(dates: readonly string[], now: Date): boolean {
  return dates.includes(todayInNetherlands(now));
}

/** True when the meeting's status lets anyone vote at all (some role may `statement.vote` in it). */
export function statusAllowsVoting(status: MeetingStatus): boolean {
  return roles.some((role) => canInMeeting(role, 'statement.vote', status));
}

/** What a stelling says about voting: open now, closed after it was open, or nothing yet. */
export type VotingState = 'open' | 'closed' | 'notOpened';

/**
 * A stelling says "Stemmen kan nu" only when a vote would count (voting open and the meeting in a status that
 * allows voting), and "Stemmen is gesloten" only once it has been open.
 */
export function votingState(
  statement: { votingOpen: boolean; votingOpenedAt: number | null },
  status: MeetingStatus,
): VotingState {
  if (statement.votingOpen && statusAllowsVoting(status)) return 'open';
  return statement.votingOpen || statement.votingOpenedAt !== null ? 'closed' : 'notOpened';
}

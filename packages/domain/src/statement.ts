import { z } from 'zod';

/** The positions a member may take on a stelling; the web app shows eens / neutraal / oneens. */
export const positions = ['agree', 'neutral', 'disagree'] as const;
export type Position = (typeof positions)[number];

/** How many members took each position on a statement. */
export type Tally = Record<Position, number>;

export const STATEMENT_TEXT_MAX_LENGTH = 500;
export const STATEMENT_CONTEXT_MAX_LENGTH = 2000;
export const SESSION_ID_MAX_LENGTH = 100;

/** POST /api/meetings/:id/statements and PATCH /api/statements/:id. */
export const statementInput = z.object({
  text: z.string().trim().min(1, 'text.required').max(STATEMENT_TEXT_MAX_LENGTH, 'text.tooLong'),
  context: z.string().trim().max(STATEMENT_CONTEXT_MAX_LENGTH, 'context.tooLong').default(''),
  /** The deelsessie the statement belongs to, when it belongs to one (a session of the programme). */
  sessionId: z
    .string()
    .trim()
    .min(1, 'sessionId.invalid')
    .max(SESSION_ID_MAX_LENGTH, 'sessionId.tooLong')
    .nullable()
    .default(null),
});
export type StatementInput = z.infer<typeof statementInput>;

/** A poll's closing time lies at most this far ahead: a netwerkdag, not a standing survey (and within a timer's range). */
export const VOTING_DEADLINE_MAX_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * POST /api/statements/:id/voting: the secretariat opens or closes voting. `closesAt` (ms since the epoch, only
 * with open) makes voting close by itself at that moment; the server refuses one in the past or too far ahead.
 */
export const votingInput = z.object({
  open: z.boolean('open.invalid'),
  closesAt: z.number('closesAt.invalid').int('closesAt.invalid').positive('closesAt.invalid').nullable().default(null),
});

/** Why a closing time cannot be taken at `now`, as an error key; null when it can. */
export function votingDeadlineProblem(closesAt: number, now: number): 'closesAt.past' | 'closesAt.tooFar' | null {
  if (closesAt <= now) return 'closesAt.past';
  return closesAt - now > VOTING_DEADLINE_MAX_MS ? 'closesAt.tooFar' : null;
}

/** PUT /api/statements/:id/vote. */
export const voteInput = z.object({ position: z.enum(positions, 'position.invalid') });

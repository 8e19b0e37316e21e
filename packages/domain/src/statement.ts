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

/** POST /api/statements/:id/voting: the secretariat opens or closes voting. */
export const votingInput = z.object({ open: z.boolean('open.invalid') });

/** PUT /api/statements/:id/vote. */
export const voteInput = z.object({ position: z.enum(positions, 'position.invalid') });

import type { z } from 'zod';
import { anchorInput } from './anchor.ts';
import { messageBody } from './discussion.ts';

/**
 * Comments on the verslag: a remark anchored to a range of the report text. Its words and replies are the
 * messages of its discussion thread (subject `comment:<id>`); the comment row holds only the anchor, the quoted
 * words and whether it is resolved.
 */

/** Comments (resolved ones too) one person may place on one verslag: no member can grow them without bound. */
export const COMMENTS_PER_AUTHOR_MAX = 200;

/** POST /api/meetings/:id/report/comments: the anchored range, the words it was made on, and the comment's text. */
export const commentInput = anchorInput.extend({ body: messageBody });
export type CommentInput = z.infer<typeof commentInput>;

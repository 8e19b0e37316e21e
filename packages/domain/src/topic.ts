import { z } from 'zod';

/** A topic's name: short, as it stands in a chart's row. */
export const TOPIC_NAME_MAX_LENGTH = 80;
/** Topics per network: a network's recurring subjects are a few dozen, never thousands. */
export const MAX_TOPICS_PER_NETWORK = 60;
/** Ignored suggestions kept per network; the oldest go first, so ignoring stays bounded. */
export const MAX_IGNORED_SUGGESTIONS = 200;

const topicName = z.string('name.required').trim().min(1, 'name.required').max(TOPIC_NAME_MAX_LENGTH, 'name.tooLong');
const themeIds = z
  .array(z.number('themeIds.invalid').int('themeIds.invalid').positive('themeIds.invalid'), 'themeIds.invalid')
  .max(100, 'themeIds.tooMany');

/** POST /api/networks/:slug/topics: a recurring topic, optionally with the themes it groups. */
export const topicInput = z.object({ name: topicName, themeIds: themeIds.default([]) });
export type TopicInput = z.infer<typeof topicInput>;

/** PATCH /api/networks/:slug/topics/:topicId: a new name. */
export const topicRenameInput = z.object({ name: topicName });

/** POST /api/networks/:slug/topics/:topicId/merge: the topic that takes over this one's themes. */
export const topicMergeInput = z.object({
  intoTopicId: z.number('intoTopicId.invalid').int('intoTopicId.invalid').positive('intoTopicId.invalid'),
});

/** A suggestion's key: `join:<themeId>:<topicId>` or `new:<themeId>,<themeId>,…`, as the server made it. */
export const topicSuggestionKey = z
  .string()
  .max(400, 'topicSuggestion.invalid')
  .regex(/^(join:\d+:\d+|new:\d+(,\d+)+)$/, 'topicSuggestion.invalid');

/** What makes two topic names the same: case, accents and spacing do not count. */
export function topicKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

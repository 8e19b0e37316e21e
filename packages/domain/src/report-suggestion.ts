import * as Y from 'yjs';
import { z } from 'zod';
import { type Anchor, anchorInput, decodeAnchorPosition } from './anchor.ts';

/**
 * Suggestions on the verslag (tracked changes): a proposed replacement of an anchored passage. Like a comment it
 * lives beside the text, in SQL, so whoever may comment may propose one without the right to write the text; the
 * secretariaat accepts it into the text (a change to the Yjs document like any edit) or rejects it.
 *
 * A suggestion lies within one run of text (one paragraph, heading or list item without a line break in the
 * range). A range across blocks is refused rather than merged: deleting the covered text of later blocks would
 * leave their (now empty or half) blocks behind or join a heading to a paragraph, which nobody proposed and the
 * list beside the text cannot show — whoever wants that edits the text itself.
 */

export const suggestionStatuses = ['open', 'accepted', 'rejected'] as const;
export type SuggestionStatus = (typeof suggestionStatuses)[number];

export const SUGGESTION_REPLACEMENT_MAX_LENGTH = 4000;

/** Open suggestions one person may have on one verslag: no member can grow the stored list without bound. */
export const SUGGESTION_OPEN_PER_AUTHOR_MAX = 100;

/**
 * POST /api/meetings/:id/report/suggestions: the anchored passage, its words as the author saw them, and the
 * plain text to put in its place (empty: delete the passage). Line breaks become spaces: the replacement stays
 * within its paragraph.
 */
export const suggestionInput = anchorInput.extend({
  replacement: z
    .string('replacement.invalid')
    .transform((text) => text.replace(/\s*[\r\n]+\s*/g, ' '))
    .pipe(z.string().max(SUGGESTION_REPLACEMENT_MAX_LENGTH, 'replacement.tooLong')),
});
export type SuggestionInput = z.infer<typeof suggestionInput>;

/** Why a suggestion cannot be applied to the text as it is now. */
export type SuggestionRefusal = 'stale' | 'spansBlocks';

/** The run of text an anchor covers now: where, and its plain text (embeds as U+FFFC, one position each). */
interface SuggestionRange {
  text: Y.XmlText;
  from: number;
  to: number;
}

/** The characters of a Yjs text, formatting left out. */
function plainText(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[])
    .map((op) => (typeof op.insert === 'string' ? op.insert : '\uFFFC'))
    .join('');
}

/** The formatting of the character at `index` of a text. */
function attributesAt(text: Y.XmlText, index: number): Record<string, unknown> {
  let offset = 0;
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    if (index < offset + length) return { ...(op.attributes ?? {}) };
    offset += length;
  }
  return {};
}

const normalise = (words: string) => words.replace(/\s+/g, ' ').trim();

/**
 * Where an anchored passage lies now, or why it cannot be changed: 'spansBlocks' when its two ends are in
 * different runs of text, 'stale' when it no longer resolves, its block was deleted, or its words are no
 * longer the quoted ones (accepting then would overwrite words its author never saw).
 */
export function suggestionRange(
  doc: Y.Doc,
  suggestion: { anchor: Anchor; quote: string },
): SuggestionRange | SuggestionRefusal {
  const [start, end] = [suggestion.anchor.start, suggestion.anchor.end].map((encoded) => {
    const position = decodeAnchorPosition(encoded);
    return position && Y.createAbsolutePositionFromRelativePosition(position, doc);
  });
  if (!start || !end) return 'stale';
  const deleted = (type: Y.AbstractType<unknown>) => {
    for (let item = type._item; item; item = item.parent instanceof Y.AbstractType ? item.parent._item : null) {
      if (item.deleted) return true;
    }
    return false;
  };
  if (deleted(start.type) || deleted(end.type)) return 'stale';
  if (start.type !== end.type || !(start.type instanceof Y.XmlText)) return 'spansBlocks';
  const text = start.type;
  if (end.index <= start.index) return 'stale';
  if (normalise(plainText(text).slice(start.index, end.index)) !== normalise(suggestion.quote)) return 'stale';
  return { text, from: start.index, to: end.index };
}

/**
 * Replaces the anchored passage with the replacement in one transaction, keeping the formatting of the passage's
 * first character. Returns 'applied', or why it was not (and then the document is unchanged).
 */
export function applySuggestion(
  doc: Y.Doc,
  suggestion: { anchor: Anchor; quote: string; replacement: string },
): 'applied' | SuggestionRefusal {
  const range = suggestionRange(doc, suggestion);
  if (typeof range === 'string') return range;
  const { text, from, to } = range;
  const attributes = attributesAt(text, from);
  doc.transact(() => {
    text.delete(from, to - from);
    // Explicit attributes, even when none: Yjs would otherwise take over the formatting of the character before.
    if (suggestion.replacement) text.insert(from, suggestion.replacement, attributes);
  });
  return 'applied';
}

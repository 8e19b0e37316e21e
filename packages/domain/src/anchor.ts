import * as Y from 'yjs';
import { z } from 'zod';

/**
 * An anchor: a range of a collaborative text, held as two Yjs relative positions (base64 of
 * `Y.encodeRelativePosition`). A relative position names an item of the document, not an offset, so the range
 * stays on the same words while the text before, after or inside it is edited. Comments and afspraken on the
 * verslag are anchored this way; they live beside the text (in SQL), so a reader who may not write the text can
 * still anchor a comment to it.
 */
export interface Anchor {
  start: string;
  end: string;
}

// An encoded relative position is a few dozen bytes; anything much larger is not one.
export const ANCHOR_POSITION_MAX_LENGTH = 256;
/** The quoted words an anchor was made on, as shown beside a comment after they have been edited or deleted. */
export const ANCHOR_QUOTE_MAX_LENGTH = 1000;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Decodes one side of an anchor; undefined when it is not an encoded relative position. */
export function decodeAnchorPosition(encoded: string): Y.RelativePosition | undefined {
  if (encoded.length > ANCHOR_POSITION_MAX_LENGTH || !BASE64.test(encoded)) return undefined;
  try {
    const bytes = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
    const position = Y.decodeRelativePosition(bytes);
    // A position inside a text names an item (or, at its very end, the text itself); a root name is no anchor.
    if (!position.item && !position.type) return undefined;
    // The decoder reads leniently: only bytes that encode back to themselves were a relative position.
    return encodeAnchorPosition(position) === encoded ? position : undefined;
  } catch {
    return undefined;
  }
}

/** Encodes a relative position for an anchor. */
export function encodeAnchorPosition(position: Y.RelativePosition): string {
  return btoa(String.fromCharCode(...Y.encodeRelativePosition(position)));
}

const anchorPosition = z
  .string('anchor.invalid')
  .refine((value) => decodeAnchorPosition(value) !== undefined, 'anchor.invalid');

/** The anchor of a new comment or afspraak, with the words it was made on. */
export const anchorInput = z.object({
  anchor: z.object({ start: anchorPosition, end: anchorPosition }, 'anchor.invalid'),
  quote: z
    .string('quote.required')
    .transform((quote) => quote.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, 'quote.required').max(ANCHOR_QUOTE_MAX_LENGTH, 'quote.tooLong')),
});

/**
 * True when both sides of the anchor point into this document: the items they name exist in it (or are
 * garbage it has already collected). An anchor made on another document, or invented, does not resolve.
 */
export function anchorResolves(doc: Y.Doc, anchor: Anchor): boolean {
  return [anchor.start, anchor.end].every((encoded) => {
    const position = decodeAnchorPosition(encoded);
    return position !== undefined && Y.createAbsolutePositionFromRelativePosition(position, doc) !== null;
  });
}

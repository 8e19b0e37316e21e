import { compoundParts, searchStem } from './compounds.ts';

/** A word of a text: where it is, as written, and its folded form (lower case, no diacritics). */
export interface Word {
  start: number;
  end: number;
  folded: string;
}

// Letters and digits, with the apostrophes and hyphens inside Dutch words (zo'n, auto's) counted as breaks.
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_WORD_LENGTH = 64;

/** Lower case without diacritics, so that "Één" and "een", "coördinatie" and "coordinatie" are the same. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of a text with their places in it. */
export function words(text: string): Word[] {
  const found: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    const folded = fold(match[0]);
    if (folded.length > MAX_WORD_LENGTH) continue;
    found.push({ start: match.index, end: match.index + match[0].length, folded });
  }
  return found;
}

/** What the index keeps of a text: the stem of every word, space-separated. */
export function stems(text: string): string {
  return words(text)
    .map((word) => searchStem(word.folded))
    .join(' ');
}

/**
 * The stems of the parts of the text's compounds, space-separated (cameratoezicht gives "camera toezicht"): the
 * index keeps them apart from `stems`, so that a phrase never matches across a word and its parts.
 */
export function compoundStems(text: string): string {
  return words(text)
    .flatMap((word) => compoundParts(word.folded))
    .join(' ');
}

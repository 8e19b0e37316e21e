import { compoundParts, searchStem } from './compounds.ts';
import { words } from './words.ts';

/** A piece of a snippet: text, marked when it is a word the query found. Rendered as text, never as HTML. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/**
 * The passage of a text around the first word that matches one of the query's stems (as a prefix, like the
 * search), at most about `maxLength` characters, cut at word boundaries, with every matching word marked.
 */
export function snippet(text: string, queryStems: readonly string[], maxLength = 200): SnippetPart[] {
  const all = words(text);
  // Texts repeat their words: each distinct one is stemmed once.
  const seen = new Map<string, boolean>();
  const matches = (folded: string) => {
    let found = seen.get(folded);
    if (found === undefined) {
      const stem = searchStem(folded);
      const parts = compoundParts(folded);
      found = queryStems.some(
        (query) => stem.startsWith(query) || folded.startsWith(query) || parts.some((part) => part.startsWith(query)),
      );
      seen.set(folded, found);
    }
    return found;
  };
  const first = all.find((word) => matches(word.folded));
  // Start a little before the first match, on a word boundary, so the reader sees what leads up to it.
  let from = 0;
  if (first && first.start > maxLength / 3) {
    const lead = all.filter((word) => word.start >= first.start - maxLength / 3)[0];
    from = lead ? lead.start : first.start;
  }
  let to = Math.min(text.length, from + maxLength);
  if (to < text.length) {
    const last = all.filter((word) => word.end <= to).at(-1);
    if (last && last.end > from) to = last.end;
  }
  const parts: SnippetPart[] = [];
  const push = (piece: string, match: boolean) => {
    if (!piece) return;
    const previous = parts.at(-1);
    if (previous && previous.match === match) previous.text += piece;
    else parts.push({ text: piece, match });
  };
  if (from > 0) push('… ', false);
  let at = from;
  for (const word of all) {
    if (word.start < from || word.end > to) continue;
    push(text.slice(at, word.start), false);
    push(text.slice(word.start, word.end), matches(word.folded));
    at = word.end;
  }
  push(text.slice(at, to), false);
  if (to < text.length) push(' …', false);
  return parts;
}

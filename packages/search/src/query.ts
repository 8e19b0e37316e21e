import { compoundParts, searchStem } from './compounds.ts';
import { words } from './words.ts';

// More words than this in one query only slow the search down without narrowing it.
export const MAX_TERMS = 12;

/**
 * One thing a query asks for: a word (one stem, found as a prefix, or through its compound parts), or a phrase
 * typed in quotes (its stems in this order, next to each other).
 */
export type QueryTerm = { kind: 'word'; stem: string; parts: string[] } | { kind: 'phrase'; stems: string[] };

/**
 * What someone typed, made into terms: words outside quotes, phrases inside them ("verwarde personen"). An
 * unclosed quote runs to the end. At most MAX_TERMS stems in all; a word asked twice counts once.
 */
export function parseQuery(input: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  let budget = MAX_TERMS;
  input.split('"').forEach((piece, index) => {
    const folded = words(piece).map((word) => word.folded);
    const quoted = index % 2 === 1;
    if (quoted && folded.length > 1) {
      const stems = folded.slice(0, budget).map(searchStem);
      if (stems.length > 1 && !seen.has(stems.join(' '))) {
        seen.add(stems.join(' '));
        terms.push({ kind: 'phrase', stems });
        budget -= stems.length;
      }
      return;
    }
    for (const word of folded) {
      const stem = searchStem(word);
      if (budget <= 0 || seen.has(stem)) continue;
      seen.add(stem);
      terms.push({ kind: 'word', stem, parts: compoundParts(word) });
      budget--;
    }
  });
  return terms;
}

/** Every stem a query looks for (to mark them in snippets): its words, their compound parts, its phrases' words. */
export function termStems(terms: readonly QueryTerm[]): string[] {
  const stems = terms.flatMap((term) => (term.kind === 'word' ? [term.stem, ...term.parts] : term.stems));
  return [...new Set(stems)];
}

/** What someone typed, made into stems to look for. Empty when it holds no word at all. */
export function queryStems(input: string): string[] {
  const stems = words(input).map((word) => searchStem(word.folded));
  return [...new Set(stems)].slice(0, MAX_TERMS);
}

/**
 * The FTS5 MATCH expression for a query: every stem must occur, each as a prefix (so "verw" already finds
 * "verward"). Stems hold only letters and digits and are quoted besides, so nothing typed — quotes, AND, NEAR,
 * a column filter, an asterisk — is ever read as FTS5 syntax. Undefined for a query without words.
 */
export function matchExpression(input: string): string | undefined {
  const stems = queryStems(input);
  if (stems.length === 0) return undefined;
  return stems.map((stem) => `"${stem}"*`).join(' ');
}

import { stemDutch } from './dutch-stemmer.ts';
import { words } from './words.ts';

// More words than this in one query only slow the search down without narrowing it.
const MAX_TERMS = 12;

/** What someone typed, made into stems to look for. Empty when it holds no word at all. */
export function queryStems(input: string): string[] {
  const stems = words(input).map((word) => stemDutch(word.folded));
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

import { compoundLexicon } from './compound-lexicon.ts';
import { stemDutch } from './dutch-stemmer.ts';

// Dutch writes a voiced consonant before a vowel and a voiceless one at the end of a word (huizen/huis,
// brieven/brief); the stemmer leaves `huiz` and `huis`. Ending every stem the voiceless way makes them one.
const VOICED_END = { z: 's', v: 'f' } as const;

/** The stem the index and the query use for a folded word: the Dutch stem, its last z and v made s and f. */
export function searchStem(folded: string): string {
  const stem = stemDutch(folded);
  const last = stem.at(-1);
  return last === 'z' || last === 'v' ? stem.slice(0, -1) + VOICED_END[last] : stem;
}

const lexicon = new Set(compoundLexicon);
const lexiconStems = new Set(compoundLexicon.map(searchStem));
// A part shorter than this finds too much by itself ("zee", "toe").
const MIN_PART = 3;
const MIN_COMPOUND = 2 * MIN_PART + 1;

/** A head of a compound as the lexicon has it, without its linking letters (veiligheid-s-, mensen-, gemeente-). */
function head(text: string): string | undefined {
  if (lexicon.has(text)) return text;
  for (const link of ['s', 'en', 'e']) {
    const base = text.slice(0, -link.length);
    if (text.endsWith(link) && base.length >= MIN_PART && lexicon.has(base)) return base;
  }
  return undefined;
}

/** The words a folded text is made of, or undefined when it is not a chain of lexicon words. Longest head first. */
function split(folded: string, depth: number): string[] | undefined {
  for (let at = folded.length - MIN_PART; at >= MIN_PART; at--) {
    const first = head(folded.slice(0, at));
    if (!first) continue;
    const rest = folded.slice(at);
    // The last part may be inflected (huizen, personen): it is compared as a stem.
    if (lexicon.has(rest) || lexiconStems.has(searchStem(rest))) return [first, rest];
    const more = depth < 3 ? split(rest, depth + 1) : undefined;
    if (more) return [first, ...more];
  }
  return undefined;
}

/**
 * The stems of the parts of a Dutch compound, decompounded against the lexicon (cameratoezicht → camera,
 * toezicht; veiligheidshuizen → veilig, huis); empty for a word that is no compound, or is in the lexicon whole.
 */
export function compoundParts(folded: string): string[] {
  if (folded.length < MIN_COMPOUND || lexicon.has(folded) || /\d/.test(folded)) return [];
  return (split(folded, 0) ?? []).map(searchStem);
}

export { compoundParts, searchStem } from './compounds.ts';
export { stemDutch } from './dutch-stemmer.ts';
export { MAX_TERMS, matchExpression, parseQuery, type QueryTerm, queryStems, termStems } from './query.ts';
export { type SnippetPart, snippet } from './snippet.ts';
export { compoundStems, fold, stems, type Word, words } from './words.ts';

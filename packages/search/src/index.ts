export { stemDutch } from './dutch-stemmer.ts';
export { matchExpression, queryStems } from './query.ts';
export { type SnippetPart, snippet } from './snippet.ts';
export { fold, stems, type Word, words } from './words.ts';

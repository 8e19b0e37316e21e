export { DOCUMENT_NAME_MAX_LENGTH, type DocumentAddress, parseDocumentName } from './document-name.ts';
export { type GlossaryTerm, glossary } from './glossary.ts';

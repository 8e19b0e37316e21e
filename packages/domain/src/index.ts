export * from './account.ts';
export * from './api-token.ts';
export { DOCUMENT_NAME_MAX_LENGTH, type DocumentAddress, parseDocumentName } from './document-name.ts';
export { type GlossaryTerm, glossary } from './glossary.ts';
export * from './meeting.ts';
export * from './network.ts';
export * from './order-key.ts';
export * from './roles.ts';

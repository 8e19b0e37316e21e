export * from './access.ts';
export * from './account.ts';
export * from './afspraak.ts';
export * from './anchor.ts';
export * from './api-token.ts';
export * from './attachment.ts';
export * from './discussion.ts';
export * from './document-kinds.ts';
export {
  DOCUMENT_NAME_MAX_LENGTH,
  type DocumentAddress,
  parseDocumentName,
  programmeDocumentName,
  reportDocumentName,
  sessionNotesDocumentName,
} from './document-name.ts';
export * from './example.ts';
export { type GlossaryTerm, glossary } from './glossary.ts';
export * from './meeting.ts';
export * from './network.ts';
export * from './order-key.ts';
export * from './programme.ts';
export * from './report.ts';
export * from './report-comment.ts';
export * from './report-scaffold.ts';
export * from './report-suggestion.ts';
export * from './roles.ts';
export * from './statement.ts';
export * from './text-diff.ts';
export * from './theme.ts';

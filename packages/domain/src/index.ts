export * from './access.ts';
export * from './account.ts';
export * from './afspraak.ts';
export * from './anchor.ts';
export * from './api-token.ts';
export * from './attachment.ts';
export { type AuditEventType, auditEventTypes } from './audit-events.ts';
export * from './barrier-report.ts';
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
export {
  afspraakStatusWords,
  asLabel,
  documentKindWords,
  type GlossaryTerm,
  glossary,
  informalAddress,
  meetingStatusWords,
  programmeItemKindWords,
  roleWords,
  type Words,
} from './glossary.ts';
export * from './guest-vote.ts';
export * from './live-events.ts';
export * from './meeting.ts';
export * from './netwerkdag-clock.ts';
export * from './network.ts';
export * from './notification.ts';
export * from './order-key.ts';
export * from './programme.ts';
export * from './report.ts';
export * from './report-comment.ts';
export * from './report-scaffold.ts';
export * from './report-suggestion.ts';
export * from './roles.ts';
export * from './statement.ts';
export * from './statement-cities.ts';
export * from './text-diff.ts';
export * from './theme.ts';
export * from './topic.ts';

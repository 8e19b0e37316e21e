export { sql } from 'kysely';
export * from './afspraken.ts';
export * from './api-tokens.ts';
export * from './archive.ts';
export * from './attachments.ts';
export * from './attendance.ts';
export * from './audit.ts';
export * from './barrier-reports.ts';
export {
  countRows,
  type Db,
  databaseDialect,
  inTransaction,
  migrateToLatest,
  type OpenDatabaseOptions,
  openDatabase,
} from './connection.ts';
export * from './discussions.ts';
export * from './documents.ts';
export * from './examples.ts';
export { type ExclusiveRun, runExclusive, runSerialised } from './exclusive.ts';
export * from './guest-votes.ts';
export * from './identity-providers.ts';
export * from './invitations.ts';
export * from './meetings.ts';
export * from './networks.ts';
export * from './notifications.ts';
export * from './organisations.ts';
export * from './password-resets.ts';
export * from './programme.ts';
export * from './report-comments.ts';
export * from './report-publication.ts';
export * from './report-suggestions.ts';
export * from './reports.ts';
export type * from './schema.ts';
export * from './search.ts';
export * from './sessions.ts';
export * from './statements.ts';
export * from './themes.ts';
export * from './topics.ts';
export * from './users.ts';

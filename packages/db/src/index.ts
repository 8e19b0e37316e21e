export { type Db, migrateToLatest, type OpenDatabaseOptions, openDatabase } from './connection.ts';
export {
  appendUpdates,
  type CompactionResult,
  compactDocument,
  countUpdates,
  ensureDocument,
  findDocument,
  isDatabaseReachable,
  loadDocumentState,
  type PendingUpdate,
  type StoredState,
} from './documents.ts';
export type * from './schema.ts';

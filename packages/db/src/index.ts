export { type Db, migrateToLatest, type OpenDatabaseOptions, openDatabase } from './connection.ts';
export {
  appendUpdates,
  type CompactionResult,
  compactDocument,
  countUpdates,
  ensureDocument,
  findDocument,
  isDatabaseReachable,
  loadDocument,
  type PendingUpdate,
  type StoredDocument,
} from './documents.ts';
export type * from './schema.ts';

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export interface OpenDatabaseOptions {
  /** Path of the SQLite file; its folder is created when missing. ':memory:' for a throwaway database. */
  file: string;
}

/** The handle every query function takes; a transaction has the same type. */
export type Db = Kysely<Database>;

/**
 * Opens the embedded SQLite database and brings its schema to the latest migration.
 * Callers only see `Kysely<Database>`, so a PostgreSQL dialect can be chosen here later without touching them.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const sqlite = new SQLite(options.file);
  // WAL lets readers proceed during a write; synchronous=FULL fsyncs every commit, so an update the
  // server acknowledged survives a power cut as well as a killed process. Group commit keeps that cheap.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/** Runs every migration that has not run yet; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** Runs `work` in a transaction, or in the caller's when `db` already is one (kysely cannot nest them). */
export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

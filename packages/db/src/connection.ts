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
  useIncrementalVacuum(sqlite);
  // WAL lets readers proceed during a write; synchronous=FULL fsyncs every commit, so an update the
  // server acknowledged survives a power cut as well as a killed process. Group commit keeps that cheap.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  sqliteOf.set(db, sqlite);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/**
 * Compaction replaces a document's snapshot with a new one and deletes the log it folded; without this, SQLite
 * keeps the freed pages in the file for ever. In incremental mode `pragma incremental_vacuum` returns them
 * (releaseFreePages). The mode is set before the first table is created, or for an older file by one VACUUM
 * that rewrites it once.
 */
function useIncrementalVacuum(sqlite: SQLite.Database): void {
  const INCREMENTAL = 2;
  if (sqlite.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return;
  sqlite.pragma('auto_vacuum = INCREMENTAL');
  const hasTables = (sqlite.prepare('select count(*) as n from sqlite_schema').get() as { n: number }).n > 0;
  if (hasTables) sqlite.exec('VACUUM');
}

/** The SQLite handle behind each Db that openDatabase made; kysely does not expose it. */
const sqliteOf = new WeakMap<Db, SQLite.Database>();

/**
 * Gives a database's free pages back to the file system. Through `exec`, because a prepared statement would free
 * one page per step. Done outside any transaction, after the one that freed them.
 */
export function releaseFreePages(db: Db): void {
  sqliteOf.get(db)?.exec('pragma incremental_vacuum');
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

/** How many rows a whole table holds. */
export async function countRows(db: Db, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type Dialect, dialectOf } from './migrations/dialect.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

/** Where the database is: an embedded SQLite file (the default), or a PostgreSQL server for several instances. */
export type OpenDatabaseOptions =
  | {
      /** Path of the SQLite file; its folder is created when missing. ':memory:' for a throwaway database. */
      file: string;
    }
  | {
      /** postgres://user:password@host:port/database */
      url: string;
      /** Connections the pool keeps at most; 10 by default. */
      poolSize?: number;
    };

/** The handle every query function takes; a transaction has the same type. */
export type Db = Kysely<Database>;

/**
 * Opens the database, SQLite or PostgreSQL, and brings its schema to the latest migration. Callers only see
 * `Kysely<Database>`; the few queries that must differ ask databaseDialect.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  const db = connectDatabase(options);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/** Opens the database without migrating it (for tests of the migrations themselves). */
export function connectDatabase(options: OpenDatabaseOptions): Db {
  return 'url' in options ? openPostgres(options.url, options.poolSize ?? 10) : openSqlite(options.file);
}

/**
 * PostgreSQL returns int8 (count(*), sum, bigint columns such as the times) as strings, since not every int8 fits
 * a JavaScript number; every one Klankbord stores does (milliseconds, counts, ids), and the code expects numbers.
 * A value that would not fit is an error rather than a silently rounded number. Set on this pool's own type set,
 * so that other users of `pg` in the process keep the default.
 */
const INT8 = 20;
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} does not fit a JavaScript number`);
  return value;
}
const postgresTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

function openPostgres(url: string, poolSize: number): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: postgresTypes });
  // An idle connection that the server ends (a restart, a failover, an administrator) is an 'error' event of the
  // pool, which would end the process if nobody listened. The pool drops that connection and opens a new one
  // for the next query; a query that fails is the caller's error as always.
  pool.on('error', (error) => console.warn(`PostgreSQL ended an idle connection: ${error.message}`));
  // The same event on a connection in use (checked out of the pool, which then listens no more) would end the
  // process too. The query or transaction running on it fails with the error, which is where it is reported; the
  // pool throws the connection away when it comes back.
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  useIncrementalVacuum(sqlite);
  // WAL lets readers proceed during a write; synchronous=FULL fsyncs every commit, so an update the
  // server acknowledged survives a power cut as well as a killed process. Group commit keeps that cheap.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  sqliteOf.set(db, sqlite);
  return db;
}

/**
 * Which database `db` or a transaction of it talks to (read from its adapter, which transactions share), for the
 * few queries that must be written per dialect.
 */
export function databaseDialect(db: Db): Dialect {
  return dialectOf(db);
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
 * one page per step. Done outside any transaction, after the one that freed them. Nothing on PostgreSQL, where
 * autovacuum makes the dead rows' space reusable.
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

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, databaseDialect, openDatabase, sql } from '@klankbord/db';
import { runSql } from '@klankbord/testing';
import { loadConfig } from '../../src/config.ts';
import { databaseLocation } from '../../src/database.ts';

/**
 * The `postgres` vitest project sets KLANKBORD_TEST_DATABASE=postgres: every server of a test then gets a
 * database of its own on the run's cluster (KLANKBORD_TEST_POSTGRES_URL, started by postgres-setup.ts), copied
 * from the migrated template that postgres-setup.ts made. Otherwise servers keep their SQLite file in DATA_DIR.
 */
export const onPostgres = process.env.KLANKBORD_TEST_DATABASE === 'postgres';

/** The file in a data directory that names its PostgreSQL database, so a restart on that directory finds it. */
const NAME_FILE = 'postgres-database';

/** What postgres-setup.ts hands the test files through the environment. */
function cluster(): { adminUrl: string; template: string } {
  const adminUrl = process.env.KLANKBORD_TEST_POSTGRES_URL;
  const template = process.env.KLANKBORD_TEST_POSTGRES_TEMPLATE;
  if (!adminUrl || !template) throw new Error('the postgres project runs with postgres-setup.ts as its globalSetup');
  return { adminUrl, template };
}

function urlOf(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

// Databases this test file made; dropped when the file is done (the cluster itself goes at the end of the run).
const made = new Set<string>();

/**
 * The environment that points a server or the CLI at the database of `dataDir`: nothing on SQLite (the file in
 * DATA_DIR), DATABASE_URL on PostgreSQL: a new database the first time, the same one for the same directory after.
 */
export async function databaseEnv(dataDir: string): Promise<Record<string, string>> {
  if (!onPostgres) return {};
  const { adminUrl, template } = cluster();
  const nameFile = join(dataDir, NAME_FILE);
  if (existsSync(nameFile)) return { DATABASE_URL: urlOf(adminUrl, readFileSync(nameFile, 'utf8').trim()) };
  const name = `test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await runSql(adminUrl, [`CREATE DATABASE ${name} TEMPLATE ${template}`]);
  made.add(name);
  writeFileSync(nameFile, name);
  return { DATABASE_URL: urlOf(adminUrl, name) };
}

/** Opens the database of `dataDir` (its SQLite file, or its PostgreSQL database), as a second connection would. */
export async function openTestDatabase(dataDir: string): Promise<Db> {
  return openDatabase(databaseLocation(loadConfig({ DATA_DIR: dataDir, ...(await databaseEnv(dataDir)) })));
}

/** Drops the databases this test file made (postgres-file.ts calls it after the file). */
export async function dropDatabasesOfThisFile(): Promise<void> {
  if (made.size === 0) return;
  const names = [...made];
  made.clear();
  // FORCE: a server that a test killed may leave connections the cluster has not noticed yet.
  await runSql(
    cluster().adminUrl,
    names.map((name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
}

/**
 * Makes every insert into `table` fail with an error of the database itself, as a full disk would, until the
 * returned function is called. A trigger on each engine: SQLite's on the server's one connection, PostgreSQL's on
 * the table (the test server's database is its own).
 */
export async function refuseInserts(db: Db, table: string): Promise<() => Promise<void>> {
  if (databaseDialect(db) === 'postgres') {
    await sql`CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql
      AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`.execute(db);
    await sql`CREATE TRIGGER refuse_insert BEFORE INSERT ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION refuse_insert()`.execute(db);
    return async () => {
      await sql`DROP TRIGGER refuse_insert ON ${sql.table(table)}`.execute(db);
      await sql`DROP FUNCTION refuse_insert()`.execute(db);
    };
  }
  await sql`CREATE TEMP TRIGGER refuse_insert BEFORE INSERT ON ${sql.table(table)}
    BEGIN SELECT RAISE(ABORT, 'disk full'); END`.execute(db);
  return async () => {
    await sql`DROP TRIGGER refuse_insert`.execute(db);
  };
}

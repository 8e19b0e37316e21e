import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connectDatabase, type Db, openDatabase } from './connection.ts';

// What packages/db's tests open instead of a database of their own, so that the same suite runs on both: a fresh
// SQLite file in a temporary folder, or with KLANKBORD_TEST_DATABASE=postgres a fresh database on the cluster
// whose superuser URL is KLANKBORD_TEST_POSTGRES_URL (test/postgres-setup.ts starts one). Not exported from
// index.ts: it is for tests only.

/** A database for one test, and how to throw it away. */
export interface TestDatabase {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  /** Closes the database and removes it (the file, or the PostgreSQL database). */
  close(): Promise<void>;
}

/** True when the tests run on PostgreSQL (the vitest project `postgres`). */
export const testsOnPostgres = process.env.KLANKBORD_TEST_DATABASE === 'postgres';

let created = 0;

/**
 * Opens a fresh database of the dialect the test run is for, migrated to the latest migration, or with
 * `{ migrated: false }` empty (for tests that run the migrations themselves).
 */
export async function openTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  return testsOnPostgres ? openPostgresTestDatabase(migrated) : openSqliteTestDatabase(migrated);
}

async function openSqliteTestDatabase(migrated: boolean): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'klankbord-db-'));
  const options = { file: join(dir, 'klankbord.sqlite') };
  const db = migrated ? await openDatabase(options) : connectDatabase(options);
  return {
    db,
    dialect: 'sqlite',
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgresTestDatabase(migrated: boolean): Promise<TestDatabase> {
  const adminUrl = process.env.KLANKBORD_TEST_POSTGRES_URL;
  if (!adminUrl)
    throw new Error('KLANKBORD_TEST_DATABASE=postgres needs KLANKBORD_TEST_POSTGRES_URL (a superuser URL)');
  const name = `klankbord_test_${process.pid}_${++created}_${Math.random().toString(36).slice(2, 8)}`;
  // A copy of the migrated template that the global setup made is much faster than running every migration.
  const template = migrated ? process.env.KLANKBORD_TEST_POSTGRES_TEMPLATE : undefined;
  await runAdmin(adminUrl, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${quoteName(template)}` : ''}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const options = { url: url.toString(), poolSize: 4 };
  const db = migrated ? await openDatabase(options) : connectDatabase(options);
  return {
    db,
    dialect: 'postgres',
    async close() {
      await db.destroy();
      await runAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs one statement on the cluster's maintenance database with a connection of its own. */
export async function runAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

import { openDatabase } from '@klankbord/db';
import { type PostgresServer, runSql, startPostgres } from '@klankbord/testing';

/**
 * globalSetup of the postgres project: one PostgreSQL cluster for the whole run (or the one that
 * KLANKBORD_TEST_POSTGRES_URL names already), and on it one migrated template database that each test server's
 * database is copied from: a copy takes a fraction of what migrating a new database does.
 */
export default async function setup(): Promise<() => Promise<void>> {
  let started: PostgresServer | null = null;
  if (!process.env.KLANKBORD_TEST_POSTGRES_URL) {
    started = await startPostgres();
    process.env.KLANKBORD_TEST_POSTGRES_URL = started.adminUrl;
  }
  const adminUrl = process.env.KLANKBORD_TEST_POSTGRES_URL;
  const template = `template_${process.pid}`;
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  await runSql(adminUrl, [`DROP DATABASE IF EXISTS ${template}`, `CREATE DATABASE ${template}`]);
  const db = await openDatabase({ url: templateUrl.toString() });
  await db.destroy();
  process.env.KLANKBORD_TEST_POSTGRES_TEMPLATE = template;

  return async () => {
    if (started) await started.stop();
    else await runSql(adminUrl, [`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`]);
  };
}

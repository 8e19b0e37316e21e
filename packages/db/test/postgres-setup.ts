import { startPostgres } from '../../testing/src/postgres.ts';
import { openDatabase } from '../src/connection.ts';
import { runAdmin } from '../src/test-database.ts';

// Global setup of the `postgres` project: a throwaway cluster for the run (unless KLANKBORD_TEST_POSTGRES_URL
// names one already), and a template database migrated once, which every test copies (openTestDatabase).
// Imported by path rather than through @klankbord/testing, which may come to depend on this package.

const TEMPLATE = 'klankbord_test_template';

export default async function setup() {
  const given = process.env.KLANKBORD_TEST_POSTGRES_URL;
  const server = given ? undefined : await startPostgres();
  const adminUrl = given ?? server?.adminUrl;
  if (!adminUrl) throw new Error('no PostgreSQL cluster');
  // A template of our own per run, so that runs sharing a cluster never copy each other's.
  const template = `${TEMPLATE}_${process.pid}`;
  await runAdmin(adminUrl, `DROP DATABASE IF EXISTS ${template}`);
  await runAdmin(adminUrl, `CREATE DATABASE ${template}`);
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 1 });
  await db.destroy();
  process.env.KLANKBORD_TEST_POSTGRES_URL = adminUrl;
  process.env.KLANKBORD_TEST_POSTGRES_TEMPLATE = template;
  return async () => {
    if (server) await server.stop();
    else await runAdmin(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}

import { type PostgresServer, runSql, startPostgres } from '@klankbord/testing';
import { afterAll } from 'vitest';
import { arrangeMembers } from '../programme/support.ts';
import { startEmptyServer, stopServer, type TestServer } from '../support/server.ts';

/**
 * Two server instances on one PostgreSQL database, as behind a load balancer: the first arranges the members of
 * programme/support.ts, the second finds them. The database is copied from the postgres project's migrated template
 * (these files run in that project only); run on their own without it, the file starts a cluster of its own.
 */
export async function startTwoInstances(env: Record<string, string>): Promise<[TestServer, TestServer]> {
  const url = await sharedDatabase();
  const one = await startEmptyServer({ env: { ...env, DATABASE_URL: url } });
  await arrangeMembers(one.db);
  // Started after the first has seeded and migrated, as a second instance joins a running one.
  const two = await startEmptyServer({ env: { ...env, DATABASE_URL: url } });
  return [one, two];
}

/** Stops both instances (each waits for its job runs under way). */
export async function stopInstances(servers: readonly (TestServer | undefined)[]): Promise<void> {
  await Promise.all(servers.map((server) => stopServer(server)));
}

let ownCluster: Promise<PostgresServer> | undefined;
const databases: string[] = [];
let made = 0;

async function sharedDatabase(): Promise<string> {
  const name = `jobs_${process.pid}_${++made}`;
  const adminUrl = process.env.KLANKBORD_TEST_POSTGRES_URL;
  const template = process.env.KLANKBORD_TEST_POSTGRES_TEMPLATE;
  if (adminUrl && template) {
    await runSql(adminUrl, [`CREATE DATABASE ${name} TEMPLATE ${template}`]);
    databases.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }
  ownCluster ??= startPostgres();
  const cluster = await ownCluster;
  await runSql(cluster.adminUrl, [`CREATE DATABASE ${name}`]);
  return cluster.urlOf(name);
}

afterAll(async () => {
  const adminUrl = process.env.KLANKBORD_TEST_POSTGRES_URL;
  if (adminUrl && databases.length > 0)
    await runSql(
      adminUrl,
      databases.splice(0).map((name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    );
  if (ownCluster) await (await ownCluster).stop();
});

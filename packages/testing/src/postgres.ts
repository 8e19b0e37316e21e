import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findProgram, freePort, postgresBinDirs, runAsServiceUser, runsAsRoot } from './processes.ts';

/** A PostgreSQL cluster of its own on loopback, for tests and benchmarks; the caller stops it. */
export interface PostgresServer {
  port: number;
  /** postgres://klankbord@127.0.0.1:<port>/postgres: the superuser on the maintenance database. */
  adminUrl: string;
  /** The URL of another database on this cluster. */
  urlOf(database: string): string;
  /** Stops the cluster (fast shutdown) and removes its files. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /**
   * fsync every commit as a production server does (for benchmarks). Off by default: tests kill our server, never
   * the machine, and committed data survives a killed process either way.
   */
  durable?: boolean;
}

const USER = 'klankbord';

/**
 * Creates and starts a throwaway PostgreSQL cluster with Debian's programs (`initdb` and `pg_ctl` of the newest
 * installed version), listening only on 127.0.0.1 at a free port, with trust authentication for the local user.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const binDirs = postgresBinDirs();
  const initdb = findProgram('initdb', 'postgresql', binDirs);
  const pgCtl = findProgram('pg_ctl', 'postgresql', binDirs);
  const dir = mkdtempSync(join(tmpdir(), 'klankbord-pg-'));
  const dataDir = join(dir, 'data');
  if (runsAsRoot()) {
    // The cluster belongs to the `postgres` user, which must be able to reach the temporary folder.
    chmodSync(dir, 0o755);
    const { uid, gid } = serviceUserIds();
    chownSync(dir, uid, gid);
  }
  runAsServiceUser(initdb, ['-D', dataDir, '-U', USER, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${dir}'`,
    '-c max_connections=300',
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  runAsServiceUser(pgCtl, ['-D', dataDir, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', '-o', settings, 'start']);
  const urlOf = (database: string) => `postgres://${USER}@127.0.0.1:${port}/${database}`;
  return {
    port,
    adminUrl: urlOf('postgres'),
    urlOf,
    async stop() {
      try {
        runAsServiceUser(pgCtl, ['-D', dataDir, '-w', '-m', 'fast', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function serviceUserIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error("no `postgres` user: install Debian's postgresql (apt-get install postgresql)");
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Runs statements on a database of the cluster with a connection of its own. */
export async function runSql(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (or a copy of `template`) and returns its URL. Names are [a-z0-9_] only. */
export async function createDatabase(server: PostgresServer, name: string, template?: string): Promise<string> {
  if (!/^[a-z0-9_]{1,63}$/.test(name) || (template && !/^[a-z0-9_]{1,63}$/.test(template)))
    throw new Error(`not a database name: ${name}`);
  await runSql(server.adminUrl, [`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`]);
  return server.urlOf(name);
}

import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL client program that is not installed. */
export class MissingProgramError extends Error {
  override readonly name = 'MissingProgramError';
}

/**
 * Finds a PostgreSQL client program: in Debian's versioned folders, newest first (pg_dump must be at least as new
 * as the server it dumps), then on PATH.
 */
export function findPostgresProgram(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const root = '/usr/lib/postgresql';
  const versioned = existsSync(root)
    ? readdirSync(root)
        .filter((version) => /^\d+$/.test(version))
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => join(root, version, 'bin'))
    : [];
  for (const dir of [...versioned, ...(process.env.PATH ?? '').split(delimiter)]) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new MissingProgramError(
    `${name} not found in /usr/lib/postgresql/*/bin or on PATH: install the PostgreSQL client programs ` +
      '(Debian: apt-get install postgresql-client)',
  );
}

/**
 * The connection for the client programs: the URL without its password, which goes in PGPASSWORD instead, so that
 * it does not show in the process list.
 */
function connection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function runProgram(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(program, args, { env, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${program} failed${stderr ? `: ${stderr}` : ''}`);
  }
}

/** Dumps the database to `file` in pg_dump's custom format (compressed; pg_restore reads it). */
export async function dumpPostgres(databaseUrl: string, file: string): Promise<void> {
  const { dbname, env } = connection(databaseUrl);
  await runProgram(findPostgresProgram('pg_dump'), ['--format=custom', `--file=${file}`, `--dbname=${dbname}`], env);
}

/**
 * Restores a custom-format dump over the database: what the dump holds is dropped first (--clean --if-exists) and
 * created anew, owned by the connecting user (--no-owner). One transaction: an error leaves the database as it was.
 */
export async function restorePostgres(databaseUrl: string, file: string): Promise<void> {
  const { dbname, env } = connection(databaseUrl);
  const args = ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error'];
  await runProgram(findPostgresProgram('pg_restore'), [...args, `--dbname=${dbname}`, file], env);
}

/** How many other sessions are connected to the database: a running server holds some in its pool. */
export async function otherPostgresSessions(databaseUrl: string): Promise<number> {
  const { dbname, env } = connection(databaseUrl);
  const query = 'select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()';
  const output = await runProgram(
    findPostgresProgram('psql'),
    ['--no-psqlrc', '--tuples-only', '--no-align', `--dbname=${dbname}`, `--command=${query}`],
    env,
  );
  return Number(output.trim());
}

import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { copyAttachments, replaceAttachments } from '../ops/backup/files.ts';
import { dumpPostgres, otherPostgresSessions, restorePostgres } from '../ops/backup/postgres.ts';
import { checkSqlite, copySqlite, replaceSqlite, sqliteInUse } from '../ops/backup/sqlite.ts';

/**
 * A backup is a directory: the database (a SQLite copy or a pg_dump in custom format), the attachment files, and
 * this manifest, which says which of the two databases it holds.
 */
interface Manifest {
  format: 'klankbord-backup';
  version: 1;
  database: 'sqlite' | 'postgresql';
  createdAt: string;
  files: number;
}

const MANIFEST = 'manifest.json';
const SQLITE_COPY = 'klankbord.sqlite';
const POSTGRES_DUMP = 'klankbord.pgdump';
const FILES = 'files';

const engineOf = (config: Config): Manifest['database'] => (config.databaseUrl ? 'postgresql' : 'sqlite');

/**
 * `pnpm cli backup <dir>`: the database and the attachment files into a new directory, while the server runs.
 * The database is copied first: an attachment it knows was written before its row, so its file is there to copy.
 */
export async function backupCommand(config: Config, args: { target: string | undefined }): Promise<number> {
  if (!args.target) return usageError('backup <directory>');
  const target = resolve(args.target);
  if (existsSync(target) && (await readdir(target)).length > 0) {
    console.error(`${target} is not empty: give a new directory for the backup`);
    return 1;
  }
  await mkdir(target, { recursive: true });
  const database = engineOf(config);
  if (config.databaseUrl) {
    await dumpPostgres(config.databaseUrl, join(target, POSTGRES_DUMP));
  } else {
    if (!existsSync(config.databaseFile)) {
      console.error(`no database at ${config.databaseFile}`);
      return 1;
    }
    copySqlite(config.databaseFile, join(target, SQLITE_COPY));
  }
  const files = await copyAttachments(config.attachments.dir, join(target, FILES));
  const manifest: Manifest = {
    format: 'klankbord-backup',
    version: 1,
    database,
    createdAt: new Date().toISOString(),
    files,
  };
  await writeFile(join(target, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`backed up the ${database} database and ${files} attachment files to ${target}`);
  return 0;
}

/**
 * `pnpm cli restore <dir> [--force]`: replaces the database and the attachment files with a backup's. Refused
 * while the database is in use — a SQLite file that another process holds open (a lock only the sole user gets),
 * or a PostgreSQL database with other sessions (a server's pool) — unless `--force`.
 */
export async function restoreCommand(
  config: Config,
  args: { target: string | undefined; force: boolean | undefined },
): Promise<number> {
  if (!args.target) return usageError('restore <directory> [--force]');
  const source = resolve(args.target);
  const manifest = await readManifest(source);
  if (!manifest) {
    console.error(`${source} is not a Klankbord backup (no valid ${MANIFEST})`);
    return 1;
  }
  const database = engineOf(config);
  if (manifest.database !== database) {
    console.error(
      `the backup holds a ${manifest.database} database, but this configuration uses ${database}` +
        ' (DATABASE_URL decides): restore it with the same kind of database',
    );
    return 1;
  }
  const inUse = config.databaseUrl
    ? (await otherPostgresSessions(config.databaseUrl)) > 0
    : sqliteInUse(config.databaseFile);
  if (inUse && !args.force) {
    console.error('the database is in use (is a server running?): stop every server first, or pass --force');
    return 1;
  }
  if (config.databaseUrl) {
    await restorePostgres(config.databaseUrl, join(source, POSTGRES_DUMP));
  } else {
    checkSqlite(join(source, SQLITE_COPY));
    await mkdir(config.dataDir, { recursive: true });
    await replaceSqlite(join(source, SQLITE_COPY), config.databaseFile);
  }
  const files = await replaceAttachments(join(source, FILES), config.attachments.dir);
  console.log(`restored the ${database} database and ${files} attachment files from ${source} (${manifest.createdAt})`);
  return 0;
}

async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    const value = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Partial<Manifest>;
    const known = value.format === 'klankbord-backup' && value.version === 1;
    return known && (value.database === 'sqlite' || value.database === 'postgresql') ? (value as Manifest) : null;
  } catch {
    return null;
  }
}

function usageError(usage: string): number {
  console.error(`usage: pnpm cli ${usage}`);
  return 2;
}

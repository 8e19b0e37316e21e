import { existsSync } from 'node:fs';
import { copyFile, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * Writes a consistent copy of the SQLite database at `file` to `dest`, while a server may be writing to it.
 * VACUUM INTO reads one snapshot in a single read transaction, so under WAL it neither blocks the server nor
 * restarts when the server writes (as the page-by-page backup API would), and the copy is compact and standalone.
 */
export function copySqlite(file: string, dest: string): void {
  const db = new SQLite(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    db.prepare('VACUUM INTO ?').run(dest);
  } finally {
    db.close();
  }
  checkSqlite(dest);
}

/** Throws unless the SQLite file at `file` passes SQLite's own integrity check. */
export function checkSqlite(file: string): void {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`${file} is damaged: ${String(result)}`);
  } finally {
    db.close();
  }
}

/**
 * True when another process has the database open (a running server). A connection in exclusive locking mode
 * needs the file to itself to begin a transaction; any other connection holds a lock that refuses it at once,
 * also in WAL mode while that connection is idle.
 */
export function sqliteInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new SQLite(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Puts the SQLite file `from` in the place of `file`. The old WAL and shared-memory files go first: left beside the
 * new file, SQLite would replay the old database's pages into it. The new file arrives by rename, whole or not at all.
 */
export async function replaceSqlite(from: string, file: string): Promise<void> {
  const incoming = `${file}.restoring`;
  await copyFile(from, incoming);
  await syncPath(incoming);
  for (const suffix of ['-wal', '-shm', '-journal']) await rm(`${file}${suffix}`, { force: true });
  await rename(incoming, file);
  await syncPath(dirname(file));
}

/** Flushes a file (or a directory, for the renames in it) to disk. */
export async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

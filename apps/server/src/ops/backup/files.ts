import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Copies the attachment files (DATA_DIR/files, one flat folder) to `dest`, leaving out uploads still being written
 * (`.partial`). Files never change once written, so a copy made while the server runs is consistent file by file.
 * Returns how many were copied.
 */
export async function copyAttachments(dir: string, dest: string): Promise<number> {
  await mkdir(dest, { recursive: true });
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const complete = names.filter((name) => !name.endsWith('.partial'));
  for (const name of complete) await copyFile(join(dir, name), join(dest, name));
  return complete.length;
}

/**
 * Puts the attachment files of a backup (`from`) in the place of `dir`: copied beside it first, then swapped in by
 * renames, so an interrupted restore leaves either the old files or the new ones.
 */
export async function replaceAttachments(from: string, dir: string): Promise<number> {
  const incoming = `${dir}.restoring`;
  const outgoing = `${dir}.replaced`;
  await rm(incoming, { recursive: true, force: true });
  await rm(outgoing, { recursive: true, force: true });
  const count = await copyAttachments(from, incoming);
  await rename(dir, outgoing).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(incoming, dir);
  await rm(outgoing, { recursive: true, force: true });
  return count;
}

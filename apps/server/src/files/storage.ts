import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Attachment bytes on disk, one file per attachment under a random key in the data directory. A file is written
 * under a temporary name, flushed to disk and only then renamed into place, so a key never names half a file.
 */
export class FileStore {
  constructor(private readonly dir: string) {}

  /** A new storage key: random, so no name a user chose reaches the file system. */
  newKey(): string {
    return randomBytes(16).toString('hex');
  }

  private path(key: string): string {
    if (!/^[0-9a-f]{32}$/.test(key)) throw new Error(`not a storage key: ${key}`);
    return join(this.dir, key);
  }

  /** Writes the bytes under the key, durably. */
  async write(key: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temporary = `${this.path(key)}.partial`;
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path(key));
  }

  /** The bytes under the key. */
  async read(key: string): Promise<Buffer> {
    const handle = await open(this.path(key), 'r');
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  /** Removes the files of these keys; a file that is already gone is fine. */
  async remove(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.path(key), { force: true })));
  }

  /** True when a file exists under the key. */
  async has(key: string): Promise<boolean> {
    return stat(this.path(key)).then(
      () => true,
      () => false,
    );
  }

  /**
   * Removes files no attachment row knows, older than `graceMs` (an upload whose row was never written because
   * the server stopped in between, or a partial file). Returns how many went.
   */
  async sweep(known: Set<string>, graceMs = 60 * 60 * 1000, now = Date.now()): Promise<number> {
    let removed = 0;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const key = name.replace(/\.partial$/, '');
      if (known.has(key) && !name.endsWith('.partial')) continue;
      const info = await stat(join(this.dir, name)).catch(() => null);
      if (info && now - info.mtimeMs > graceMs) {
        await rm(join(this.dir, name), { force: true });
        removed++;
      }
    }
    return removed;
  }
}

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@klankbord/db';
import { type ServerProcess, spawnServer } from '@klankbord/testing';
import { arrangeTestMembers } from './server.ts';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Spawns this server as its own process, so it can be killed for real, with the test members already in
 * `dataDir`'s database.
 */
export async function spawnTestServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  // Arranged through the database file before the server starts, as an operator's script would.
  const db = await openDatabase({ file: join(dataDir, 'klankbord.sqlite') });
  await arrangeTestMembers(db);
  await db.destroy();
  return spawnServer({ serverDir, dataDir, env });
}

import { fileURLToPath } from 'node:url';
import { type ServerProcess, spawnServer } from '@klankbord/testing';
import { databaseEnv, openTestDatabase } from './database.ts';
import { arrangeTestMembers } from './server.ts';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Spawns this server as its own process, so it can be killed for real, with the test members already in
 * `dataDir`'s database.
 */
export async function spawnTestServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  // Arranged through the database before the server starts, as an operator's script would.
  const db = await openTestDatabase(dataDir);
  await arrangeTestMembers(db);
  await db.destroy();
  return spawnServer({ serverDir, dataDir, env: { ...(await databaseEnv(dataDir)), ...env } });
}

import { type RedisServer, waitFor } from '@klankbord/testing';
import { startEmptyServer, startTestServer, stopServer, type TestServer } from '../support/server.ts';

/** Two instances of one Klankbord: one database, one Redis between them. */
export interface Instances {
  a: TestServer;
  b: TestServer;
}

/**
 * Starts instance `a` with the test members, then `b` on a's data directory (the same SQLite file, or the same
 * PostgreSQL database in the postgres project), both on `redis`; resolves once both reach it.
 */
export async function startInstances(redis: RedisServer): Promise<Instances> {
  const a = await startTestServer({ env: { REDIS_URL: redis.url, INSTANCE_ID: 'a' } });
  const b = await startEmptyServer({ dataDir: a.dataDir, env: { REDIS_URL: redis.url, INSTANCE_ID: 'b' } });
  await waitForRedis({ a, b }, true);
  return { a, b };
}

/** Stops both (b first: a's stop removes the data directory they share); Redis is started again if a test stopped it. */
export async function stopInstances(instances: Partial<Instances>, redis: RedisServer): Promise<void> {
  if (!redis.running) await redis.start();
  await instances.b?.close();
  await stopServer(instances.a);
}

/** Waits until both instances see Redis up (or both see it down). */
export async function waitForRedis({ a, b }: Instances, up: boolean): Promise<void> {
  await waitFor(
    async () => (await a.bus.isUp()) === up && (await b.bus.isUp()) === up,
    `both instances to see Redis ${up ? 'up' : 'down'}`,
    20_000,
    20,
  );
}

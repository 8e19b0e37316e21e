import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '@klankbord/db';
import { type Config, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { type RunningServer, startServer } from '../../src/start.ts';
import { databaseEnv } from './database.ts';
import { arrangeMember } from './members.ts';

/** API token of a deelnemer of the test network (may write its documents). */
export const WRITE_TOKEN = 'kb_test-deelnemer-token-0123456789';
/** API token of a gast of the test network (may only read). */
export const READ_TOKEN = 'kb_test-gast-token-0123456789';

/** A real server on a free port of 127.0.0.1, with its own data directory. */
export interface TestServer extends RunningServer {
  config: Config;
  dataDir: string;
  httpUrl: string;
  /** The base URL for WebsocketProvider: the document name is appended to it. */
  collabUrl: string;
}

/** A deelnemer with WRITE_TOKEN and a gast with READ_TOKEN in the test network. */
export async function arrangeTestMembers(db: Db): Promise<void> {
  await arrangeMember(db, { email: 'deelnemer@example.nl', role: 'deelnemer', token: WRITE_TOKEN });
  await arrangeMember(db, { email: 'gast@example.nl', role: 'gast', token: READ_TOKEN });
}

/** Makes a temporary data directory; remove it with removeDataDir. */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'klankbord-test-'));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Where the server keeps its data (a new temporary directory by default) and environment over the defaults. */
export interface StartOptions {
  dataDir?: string;
  env?: Record<string, string>;
}

/** Starts the server in this process. Pass the same dataDir again to restart on the same data. */
export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const server = await startEmptyServer(options);
  await arrangeTestMembers(server.db);
  return server;
}

/** Like startTestServer, but with only the seeded networks: no account exists yet (for first-run tests). */
export async function startEmptyServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(await databaseEnv(dataDir)),
    ...options.env,
  });
  const server = await startServer(config, createLogger(config.logLevel));
  return {
    ...server,
    config,
    dataDir,
    httpUrl: `http://127.0.0.1:${server.port}`,
    collabUrl: `ws://127.0.0.1:${server.port}/collab`,
  };
}

/** Stops a test server and removes its data directory; nothing when it never started. */
export async function stopServer(server: TestServer | undefined): Promise<void> {
  if (!server) return;
  await server.close();
  removeDataDir(server.dataDir);
}

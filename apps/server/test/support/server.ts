import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { type RunningServer, startServer } from '../../src/start.ts';

export const WRITE_TOKEN = 'test-write-token-0123456789';
export const READ_TOKEN = 'test-read-token-0123456789';

/** A real server on a free port of 127.0.0.1, with its own data directory. */
export interface TestServer extends RunningServer {
  config: Config;
  dataDir: string;
  httpUrl: string;
  /** The base URL for WebsocketProvider: the document name is appended to it. */
  collabUrl: string;
}

/** Makes a temporary data directory; remove it with removeDataDir. */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'klankbord-test-'));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts the server in this process. Pass the same dataDir again to restart on the same data. */
export async function startTestServer(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    COLLAB_TOKEN: WRITE_TOKEN,
    COLLAB_READ_TOKEN: READ_TOKEN,
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

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnServer } from '@klankbord/testing';

const serverDir = fileURLToPath(new URL('../../../server', import.meta.url));
const webBuildDir = fileURLToPath(new URL('../../build', import.meta.url));

/** The real Klankbord server in its own process, serving the built web app and the API on one port. */
export interface KlankbordServer {
  process: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Stops the server (SIGTERM, then SIGKILL if it hangs) and removes its data directory. */
  close(): Promise<void>;
}

/**
 * Starts the server on a free port with an empty data directory, serving the web app's build. The web app
 * must have been built (the e2e global set-up does that).
 */
export async function startKlankbord(): Promise<KlankbordServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'klankbord-e2e-'));
  const server = await spawnServer({ serverDir, dataDir, env: { WEB_DIR: webBuildDir } });
  return {
    process: server.process,
    url: server.url,
    async close() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

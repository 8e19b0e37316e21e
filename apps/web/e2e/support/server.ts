import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

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
 * Starts `src/main.ts` the way `pnpm dev` does, on a free port with an empty data directory, and waits for
 * its `listening` log line. The web app must have been built (the e2e global set-up does that).
 */
export async function startKlankbord(): Promise<KlankbordServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'klankbord-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      WEB_DIR: webBuildDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'listening' && entry.port) resolve(entry.port);
      } catch {
        output.push(line);
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output.join('')}`)));
  });

  return {
    process: child,
    url: `http://127.0.0.1:${port}`,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

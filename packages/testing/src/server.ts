import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** What `spawnServer` needs. The caller names the server's directory: a package never reaches into apps/. */
export interface SpawnServerOptions {
  /** The server app's directory, holding `src/main.ts`. */
  serverDir: string;
  /** The server's DATA_DIR; the caller creates and removes it. */
  dataDir: string;
  /** Further environment for the server, e.g. WEB_DIR or mail settings. */
  env?: Record<string, string>;
  /** Run the bundle `pnpm start` runs (`dist/main.js`, built beforehand) instead of the sources through tsx. */
  built?: boolean;
}

/** The server in its own process, started the way `pnpm dev` starts it, so it can be killed for real. */
export interface ServerProcess {
  process: ChildProcess;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** ws://127.0.0.1:<port>/collab */
  collabUrl: string;
  /** Resolves with the exit code when the process has exited. */
  exited: Promise<number | null>;
  /** Sends SIGTERM, then SIGKILL if the server has not exited after `timeoutMs`; resolves once it has exited. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Spawns `src/main.ts` (or the built `dist/main.js`) in `serverDir` on a free port and waits until it listens. */
export async function spawnServer({
  serverDir,
  dataDir,
  env = {},
  built = false,
}: SpawnServerOptions): Promise<ServerProcess> {
  // Only PATH is inherited, so a developer's own settings cannot change what a test sees.
  const child = spawn(process.execPath, built ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Kept to explain a server that dies before it listens.
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

  // PORT=0 lets the system choose; the server reports the port it got in its `listening` log line.
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
    port,
    url: `http://127.0.0.1:${port}`,
    collabUrl: `ws://127.0.0.1:${port}/collab`,
    exited,
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@klankbord/db';
import { arrangeTestMembers } from './server.ts';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

/** The server as its own process, started the way `pnpm start` starts it, so it can be killed for real. */
export interface ChildServer {
  process: ChildProcess;
  port: number;
  collabUrl: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/** Spawns src/main.ts on a free port with the given data directory and waits until it listens. */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  // Arranged through the database file before the server starts, as an operator's script would.
  const db = await openDatabase({ file: join(dataDir, 'klankbord.sqlite') });
  await arrangeTestMembers(db);
  await db.destroy();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
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
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'listening' && entry.port) resolve(entry.port);
      } catch {
        // Not a log line; ignore.
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${stderr.join('')}`)));
  });
  return { process: child, port, collabUrl: `ws://127.0.0.1:${port}/collab`, exited };
}

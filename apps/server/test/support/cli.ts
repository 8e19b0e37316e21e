import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { databaseEnv } from './database.ts';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `pnpm cli …` as a process (via tsx) on a data directory (and its database), `stdin` as its one line of input. */
export async function runCli(
  dataDir: string,
  args: string[],
  stdin = '',
): Promise<{ code: number | null; output: string }> {
  const database = await databaseEnv(dataDir);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...database },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
    child.stdin.end(`${stdin}\n`);
  });
}

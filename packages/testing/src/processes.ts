import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** A free TCP port on loopback, as the system hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Finds a program on PATH or in one of `extraDirs` (newest first); throws a message saying which Debian package
 * provides it, so a machine without it fails clearly instead of skipping.
 */
export function findProgram(name: string, debianPackage: string, extraDirs: string[] = []): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found: install Debian's ${debianPackage} (apt-get install ${debianPackage})`);
}

/** Debian keeps PostgreSQL's server programs in /usr/lib/postgresql/<version>/bin, off PATH. */
export function postgresBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}

/** PostgreSQL refuses to run as root; as root, its programs run as the `postgres` user that Debian's package makes. */
export const runsAsRoot = () => process.getuid?.() === 0;

/** Runs a program to completion (as `postgres` when we are root); throws with its output when it fails. */
export function runAsServiceUser(program: string, args: string[]): void {
  const [command, fullArgs] = runsAsRoot() ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  execFileSync(command, fullArgs, { stdio: 'pipe' });
}

/** Starts a long-running program (as `postgres` when we are root and `asServiceUser`), keeping its stderr for errors. */
export function startProgram(
  program: string,
  args: string[],
  asServiceUser = false,
): { child: ChildProcess; output: string[] } {
  const [command, fullArgs] =
    asServiceUser && runsAsRoot() ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  const child = spawn(command, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return { child, output };
}

/** Resolves once the process has exited (at once when it already has). */
export function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

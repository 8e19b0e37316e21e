import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A Procfile's lines, `name: command`, by name; comments and blank lines skipped. */
export function readProcfile(file: string): Map<string, string> {
  const lines = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(line);
    if (match) lines.set(match[1]!, match[2]!);
  }
  return lines;
}

/**
 * An env file as honcho and foreman read it: KEY=VALUE lines, `#` comments and blank lines skipped, one pair of
 * surrounding quotes taken off, nothing expanded.
 */
export function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    const value = match[2]!.trim();
    env[match[1]!] = /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return env;
}

/** One Procfile line running. */
export interface ProcfileProcess {
  name: string;
  child: ChildProcess;
  /** stdout and stderr as they came, for waiting on a line and for explaining a failure. */
  output(): string;
  /** The exit code (null when a signal ended it) once it has exited. */
  exited: Promise<number | null>;
  /** Sends a signal to the line's process group, as a Procfile runner does. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM to the group, SIGKILL after `timeoutMs`; resolves once the line's process has exited. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Starts a Procfile line as honcho and foreman do: `sh -c <command>` in `cwd`, in a process group of its own. */
export function startLine(name: string, command: string, options: { cwd: string; env: Record<string, string> }) {
  const child = spawn('sh', ['-c', command], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // The group is gone already.
    }
  };
  const line: ProcfileProcess = {
    name,
    child,
    output: () => chunks.join(''),
    exited,
    signal,
    async stop(timeoutMs = 10_000) {
      if (running()) signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
      // What the line started and left behind (haproxy's worker, a shell's child) goes with it.
      signal('SIGKILL');
    },
  };
  return line;
}

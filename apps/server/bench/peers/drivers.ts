/** The bench's side of driver.ts: forks client processes and asks them things, each answer bounded in time. */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from './driver.ts';

const DRIVER = fileURLToPath(new URL('./driver.ts', import.meta.url));

export class Driver {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly exited: Promise<void>;

  constructor(readonly name: string) {
    // execArgv carries tsx's loader, so the driver runs TypeScript the way this process does.
    this.child = fork(DRIVER, [], { execArgv: process.execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.child.on('message', (response: Response) => {
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      if (response.ok) waiting.resolve(response.result);
      else waiting.reject(new Error(`${name}: ${response.error}`));
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        for (const waiting of this.pending.values()) waiting.reject(new Error(`${name} exited (${code ?? signal})`));
        this.pending.clear();
        resolve();
      });
    });
  }

  /** Sends a command; rejects when the driver fails it, exits, or has not answered within `timeoutMs`. */
  ask<T>(command: string, args: object, timeoutMs: number): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${command} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ id, command, args } satisfies Request);
    });
  }

  /** Ends the driver and with it its clients; SIGKILL when it does not go within a second. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Starts `count` drivers, runs `work` with them and always stops them, whatever `work` did. */
export async function withDrivers<T>(count: number, work: (drivers: Driver[]) => Promise<T>): Promise<T> {
  const drivers = Array.from({ length: count }, (_, i) => new Driver(`driver ${i + 1}`));
  try {
    return await work(drivers);
  } finally {
    await Promise.all(drivers.map((driver) => driver.stop()));
  }
}

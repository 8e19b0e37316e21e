/** What every scenario of the side-by-side bench shares: its figures, and a server on a data directory of its own. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Peer, type PeerServer, startPeer } from './servers.ts';

export type Better = 'lower' | 'none';

/** A figure of the table: its unit, and whether lower is better (for the ratio to the best peer). */
export interface Figure {
  name: string;
  unit: string;
  better: Better;
}

/** The samples one scenario run measured for one server, by figure name. */
export type Samples = Map<string, number[]>;

export interface Scenario {
  name: string;
  figures: Figure[];
  /** One run on one server; throws when the server fails the scenario (a failed cell, not a hang). */
  run(peer: Peer, samples: Samples, options: { quick: boolean; context: Context }): Promise<void>;
}

/** What scenarios prepare once and share, e.g. the trace document. */
export interface Context {
  /** The trace's final document as one Yjs V2 update, and its text, in files the drivers read. */
  updateFile: string;
  expectedFile: string;
  updateV2Bytes: number;
}

export const MiB = 1024 * 1024;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function add(samples: Samples, figure: string, value: number): void {
  const list = samples.get(figure) ?? [];
  list.push(value);
  samples.set(figure, list);
}

export function makeDir(): string {
  return mkdtempSync(join(tmpdir(), 'klankbord-side-by-side-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts `peer` on `dataDir`, runs `work`, and always stops it (SIGKILL when a graceful stop hangs). */
export async function withServer<T>(peer: Peer, dataDir: string, work: (server: PeerServer) => Promise<T>): Promise<T> {
  const server = await startPeer(peer, dataDir);
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

/** Polls `condition` every 50 ms; rejects after `timeoutMs`. */
export async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * The three servers of the side-by-side bench, each started as its own process on a free loopback port with a data
 * directory the caller owns: ours from its production bundle (dist/main.js), the reference and Hocuspocus from the
 * launchers beside this file. All report `{"msg":"listening","port":N}` on stdout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@klankbord/db';
import { arrangeMember, TEST_NETWORK } from '../../test/support/members.ts';
import { arrangeTestMembers, WRITE_TOKEN } from '../../test/support/server.ts';
import { PEERS, type Peer, type Target } from './target.ts';

export { PEERS, type Peer, type Target };

export const PEER_TITLES: Record<Peer, string> = {
  reference: 'reference',
  hocuspocus: 'Hocuspocus',
  klankbord: 'Klankbord',
};

export interface PeerServer {
  peer: Peer;
  pid: number;
  target: Target;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process has exited. */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
const peersDir = fileURLToPath(new URL('.', import.meta.url));
const START_TIMEOUT_MS = 30_000;

/**
 * Our settings for the bench over the production defaults: unload after 1 s so that "after unload" can be measured
 * within the run, and the per-user and per-room connection caps raised because every bench client is the same
 * user (the peers have no such caps).
 */
const KLANKBORD_ENV: Record<string, string> = {
  // The production log level: its `listening` line tells the bench the port.
  LOG_LEVEL: 'info',
  // As `pnpm start` runs it (apps/server/package.json): a young generation of at most 2 MB per semi-space.
  NODE_OPTIONS: '--max-semi-space-size=2',
  COLLAB_UNLOAD_AFTER_MS: '1000',
  COLLAB_MAX_DOCUMENTS_PER_CLIENT: '5000',
  COLLAB_MAX_CONNECTIONS_PER_DOCUMENT: '1000',
};
export const KLANKBORD_BENCH_ENV = KLANKBORD_ENV;

/** Networks beside the test network, each holding its share of the rooms (the deelnemer is a member of all). */
const BENCH_NETWORKS = Array.from({ length: 19 }, (_, i) => `bench${i + 1}`);

export async function startPeer(peer: Peer, dataDir: string): Promise<PeerServer> {
  if (peer === 'klankbord') return startKlankbord(dataDir);
  const launcher = peer === 'reference' ? 'reference-server.mjs' : 'hocuspocus-server.mjs';
  const env = peer === 'reference' ? { YPERSISTENCE: dataDir } : { DATA_DIR: dataDir };
  return spawnListening(peer, [join(peersDir, launcher)], serverDir, env, (port) => ({
    peer,
    url: `ws://127.0.0.1:${port}`,
    params: {},
    prefixes: [''],
  }));
}

/**
 * Our server from its bundle, with the test members arranged through its database before it starts, as an
 * operator's script would. `env` adds settings (DATABASE_URL, REDIS_URL for the scale-out bench); `arrange: false`
 * for a second instance on a database already arranged.
 */
export async function startKlankbord(
  dataDir: string,
  options: { env?: Record<string, string>; arrange?: boolean } = {},
): Promise<PeerServer> {
  const { env = {}, arrange = true } = options;
  if (arrange) {
    const db = await openDatabase(
      env.DATABASE_URL ? { url: env.DATABASE_URL } : { file: join(dataDir, 'klankbord.sqlite') },
    );
    await arrangeTestMembers(db);
    for (const network of BENCH_NETWORKS) {
      await arrangeMember(db, { email: 'deelnemer@example.nl', role: 'deelnemer', network });
    }
    await db.destroy();
  }
  return spawnListening(
    'klankbord',
    ['dist/main.js'],
    serverDir,
    { DATA_DIR: dataDir, ...KLANKBORD_ENV, ...env },
    (port) => ({
      peer: 'klankbord',
      url: `ws://127.0.0.1:${port}/collab`,
      params: { token: WRITE_TOKEN },
      prefixes: [TEST_NETWORK, ...BENCH_NETWORKS].map((network) => `notes:${network}:`),
    }),
  );
}

async function spawnListening(
  peer: Peer,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  target: (port: number) => Target,
): Promise<PeerServer> {
  // Only PATH is inherited, so a developer's own settings cannot change what is measured.
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    if (output.length < 100) output.push(chunk.toString());
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${peer} did not listen within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'listening' && entry.port) {
          clearTimeout(timer);
          resolve(entry.port);
        }
      } catch {
        // Not a JSON line: the reference prints a plain greeting.
      }
    });
    void exited.then((code) => reject(new Error(`${peer} exited with ${code} before listening:\n${output.join('')}`)));
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const pid = child.pid;
  if (!pid) throw new Error(`${peer} has no pid`);
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    peer,
    pid,
    target: target(port),
    exited,
    async stop(timeoutMs = 15_000) {
      if (gone()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (gone()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The resident set of a process, in bytes, as the kernel reports it; NaN once it has gone. */
export function rssOf(pid: number): number {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's RSS every 20 ms until stopped; `stop` returns the highest sample. */
export function sampleRss(pid: number): { stop(): number } {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    const rss = rssOf(pid);
    if (rss > peak || Number.isNaN(peak)) peak = rss;
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      const last = rssOf(pid);
      return Number.isNaN(last) ? peak : Math.max(peak, last);
    },
  };
}

/** Bytes of all files under a directory. */
export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(path) : statSync(path).size;
  }
  return total;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitOf, findProgram, freePort, startProgram } from './processes.ts';
import { waitFor } from './wait.ts';

/** A Redis server of its own on loopback, that a test can stop and start again on the same port. */
export interface RedisServer {
  port: number;
  /** redis://127.0.0.1:<port> */
  url: string;
  /** Stops it (SIGKILL when `kill`), keeping the port for `start`. */
  stop(options?: { kill?: boolean }): Promise<void>;
  /** Starts it again on the same port (empty: it keeps nothing on disk). */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  remove(): Promise<void>;
  /** True while it is running. */
  readonly running: boolean;
}

/** Starts Debian's redis-server on 127.0.0.1 at a free port, without persistence; waits until it answers PING. */
export async function startRedis(): Promise<RedisServer> {
  const program = findProgram('redis-server', 'redis-server');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'klankbord-redis-'));
  let current: ReturnType<typeof startProgram> | null = null;

  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
    const started = startProgram(program, args);
    current = started;
    const exited = exitOf(started.child).then(() => true);
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    await waitFor(
      async () => {
        if (gone) throw new Error(`redis-server exited:\n${started.output.join('')}`);
        return answersPing(port);
      },
      'redis-server to answer PING',
      15_000,
      20,
    );
  };
  await start();

  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return current !== null;
    },
    async stop({ kill = false } = {}) {
      const stopping = current;
      current = null;
      if (!stopping) return;
      stopping.child.kill(kill ? 'SIGKILL' : 'SIGTERM');
      await exitOf(stopping.child);
    },
    start,
    async remove() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.setTimeout(1000, () => done(false));
  });
}

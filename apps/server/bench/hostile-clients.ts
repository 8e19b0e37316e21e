/**
 * Hostile clients against a real server in its own process: ten sockets that ask for the document and then stop
 * reading while a writer sends 5,000 updates of about 1 KiB, and a gast that stores a 15 MiB presence, stops reading
 * and floods 1,000 query-awareness messages. Prints the server's peak RSS over its baseline (target: 64 MiB),
 * read from /proc/<pid>/status so that the attacking sockets in this process do not count.
 * Run with `pnpm bench`, or `cd apps/server && npx tsx bench/hostile-clients.ts`.
 */
import { readFileSync } from 'node:fs';
import type { ServerProcess } from '@klankbord/testing';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { spawnTestServer } from '../test/support/child-server.ts';
import { TEST_NETWORK } from '../test/support/members.ts';
import { awarenessMessage, syncMessage } from '../test/support/raw-socket.ts';
import { makeDataDir, READ_TOKEN, removeDataDir, WRITE_TOKEN } from '../test/support/server.ts';
import { MiB, percentile, progress, Report } from './report.ts';

const DOCUMENT = `notes:${TEST_NETWORK}:hostile-clients`;
const STALLED_READERS = 10;
const UPDATES = 5000;
const UPDATE_CHARACTERS = 1000;
const PRESENCE_BYTES = 15 * MiB;
const AWARENESS_QUERIES = 1000;
const TARGET_MIB = 64;
const SAMPLE_MS = 20;
const TIMEOUT_MS = 120_000;
// Settings over the defaults, e.g. BENCH_SERVER_ENV='{"COLLAB_MAX_BUFFERED_BYTES":"1048576"}' to compare budgets.
const SERVER_ENV = JSON.parse(process.env.BENCH_SERVER_ENV ?? '{}') as Record<string, string>;

const ROUNDS = 3;

const report = new Report();
const baselines: Record<string, number[]> = { 'writer alone': [], 'with hostile clients': [] };
const dropped: number[] = [];

/** The server's resident set, in bytes, as the kernel reports it. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) * 1024;
}

/** Samples RSS until stopped; `peak` is the highest sample. */
function sampleRss(pid: number): { stop(): number } {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssOf(pid));
    },
  };
}

const syncStep1 = (doc: Y.Doc) => syncMessage(0, Y.encodeStateVector(doc));
const updateMessage = (update: Uint8Array) => syncMessage(2, update);
const presenceMessage = (clientId: number, state: string) => awarenessMessage([{ clientId, clock: 1, state }]);

const queryAwareness = Uint8Array.of(3);

/** A raw socket and how it ended: the close code, or null while it is open. */
interface Attacker {
  socket: WebSocket;
  code: number | null;
}

async function open(server: ServerProcess, token: string): Promise<Attacker> {
  const socket = new WebSocket(`${server.collabUrl}/${DOCUMENT}?token=${token}`, { maxPayload: 0 });
  socket.binaryType = 'arraybuffer';
  const attacker: Attacker = { socket, code: null };
  socket.on('error', () => {});
  socket.on('close', (code) => {
    attacker.code = code;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
  });
  return attacker;
}

/** Stops reading: the server's writes pile up in the kernel's buffers, then in the server's own memory. */
function stopReading(attacker: Attacker): void {
  (attacker.socket as unknown as { _socket: { pause(): void } })._socket.pause();
}

/** Sends a sync step 1 and resolves on the answer: the server answers after committing everything before it. */
function roundTrip(attacker: Attacker, doc: Y.Doc): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the writer got no answer')), TIMEOUT_MS);
    const onMessage = (data: ArrayBuffer) => {
      const message = new Uint8Array(data);
      if (message[0] !== 0 || message[1] !== 1) return;
      clearTimeout(timer);
      attacker.socket.off('message', onMessage);
      resolve();
    };
    attacker.socket.on('message', onMessage);
    attacker.socket.send(syncStep1(doc));
  });
}

/** One round on a fresh server: the writer's updates, with the hostile clients or without them. */
async function round(server: ServerProcess, hostile: boolean): Promise<number> {
  const pid = server.process.pid;
  if (!pid) throw new Error('the server has no pid');
  const label = hostile ? 'with hostile clients' : 'writer alone';
  const writerDoc = new Y.Doc();
  const writer = await open(server, WRITE_TOKEN);
  await roundTrip(writer, writerDoc);
  const baseline = rssOf(pid);
  baselines[label]?.push(baseline / MiB);
  const rss = sampleRss(pid);

  const stalled: Attacker[] = [];
  if (hostile) {
    progress(`a gast stores a ${PRESENCE_BYTES / MiB} MiB presence and queries awareness ${AWARENESS_QUERIES} times`);
    const gast = await open(server, READ_TOKEN);
    gast.socket.send(syncStep1(new Y.Doc()));
    gast.socket.send(presenceMessage(4242, JSON.stringify({ user: { name: 'x'.repeat(PRESENCE_BYTES) } })));
    stopReading(gast);
    for (let i = 0; i < AWARENESS_QUERIES; i++) gast.socket.send(queryAwareness);
    progress(`${STALLED_READERS} readers ask for the document and stop reading`);
    const readers = await Promise.all(Array.from({ length: STALLED_READERS }, () => open(server, READ_TOKEN)));
    for (const reader of readers) {
      reader.socket.send(syncStep1(new Y.Doc()));
      stopReading(reader);
    }
    stalled.push(gast, ...readers);
  }

  progress(`${label}: the writer sends ${UPDATES} updates of ${UPDATE_CHARACTERS} characters`);
  const started = performance.now();
  writerDoc.on('update', (update: Uint8Array) => writer.socket.send(updateMessage(update)));
  const text = writerDoc.getText('content');
  for (let i = 0; i < UPDATES; i++) text.insert(text.length, String(i % 10).repeat(UPDATE_CHARACTERS));
  await roundTrip(writer, writerDoc);
  progress(`${label}: answered after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // A last look after the work is done: memory the server still holds counts too.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const peak = rss.stop();

  if (hostile) {
    // Reading again shows how the server ended each stalled socket: closed, or still open and fed.
    for (const attacker of stalled) attacker.socket.resume();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const closed = stalled.filter((attacker) => attacker.code !== null).length;
    progress(`${label}: the server dropped ${closed} of ${stalled.length} stalled sockets`);
    dropped.push(closed);
  }
  if (writer.code !== null) throw new Error(`the writer was closed with ${writer.code}`);
  for (const attacker of [writer, ...stalled]) attacker.socket.terminate();
  return (peak - baseline) / MiB;
}

async function main(): Promise<void> {
  const peaks: Record<string, number[]> = { 'writer alone': [], 'with hostile clients': [] };
  // Garbage collection decides much of a peak: rounds alternate, and the table shows medians.
  for (let run = 0; run < ROUNDS; run++) {
    for (const hostile of [false, true]) {
      const dataDir = makeDataDir();
      const server = await spawnTestServer(dataDir, SERVER_ENV);
      try {
        peaks[hostile ? 'with hostile clients' : 'writer alone']?.push(await round(server, hostile));
      } finally {
        await server.stop();
        removeDataDir(dataDir);
      }
    }
  }
  for (const [label, runs] of Object.entries(peaks)) {
    report.record(`${label}: server RSS at baseline (median)`, percentile(baselines[label] ?? [], 50), 'MiB');
    report.recordRuns(`${label}: server RSS peak over baseline`, label, runs, 'MiB');
  }
  const median = (label: string) => percentile(peaks[label] ?? [], 50);
  report.record(
    'hostile clients: extra peak (difference of the medians)',
    median('with hostile clients') - median('writer alone'),
    'MiB',
  );
  report.record('  target', TARGET_MIB, 'MiB');
  report.record('stalled sockets dropped per round (min)', Math.min(...dropped), `of ${STALLED_READERS + 1}`);
  const width = Math.max(...report.metrics.map((m) => m.name.length));
  for (const m of report.metrics) {
    process.stdout.write(`${m.name.padEnd(width)}  ${m.value.toLocaleString('en-US').padStart(8)}  ${m.unit}\n`);
  }
}

await main();

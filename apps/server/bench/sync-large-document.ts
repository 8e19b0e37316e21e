/**
 * Replays a real editing trace — the LaTeX source of the Automerge paper, 259,778 single-character edits —
 * through the server with a stock y-websocket client, then measures what that left in SQLite and how long
 * a fresh client takes to load the whole document, cold (from SQLite) and warm (room in memory).
 * Run with `pnpm bench`; writes apps/server/.bench/sync-large-document.json.
 */
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type Client, connectClient } from '../test/support/clients.ts';
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from '../test/support/server.ts';
import { waitFor } from '../test/support/wait.ts';
import { SQLite } from './sqlite.ts';
import { type ObservedTransaction, observeTransactions } from './sqlite-transactions.ts';

const TRACE = new URL('../../../../shared/data/automerge-paper.json.gz', import.meta.url);
const OUTPUT = new URL('../.bench/sync-large-document.json', import.meta.url);
const DOCUMENT = 'report:bench:automerge-paper';
/** Edits sent before waiting for the second client to catch up: bounds what sits in socket buffers. */
const CHUNK = 1000;
const SYNC_RUNS = 5;
const TIMEOUT_MS = 120_000;

interface Trace {
  startContent: string;
  endContent: string;
  txns: { time: string; patches: [position: number, deleteCount: number, insert: string][] }[];
}

interface Metric {
  name: string;
  value: number;
  unit: string;
}

const metrics: Metric[] = [];
function record(name: string, value: number, unit: string): void {
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  metrics.push({ name, value: Number(value.toFixed(digits)), unit });
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

// Memory figures are taken after a full collection, so they show what is live rather than when V8 last ran.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
function memory(): NodeJS.MemoryUsage {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage();
}

const KiB = 1024;
const MiB = 1024 * 1024;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Bytes of the database file and its WAL and shared-memory files (absent files count as 0). */
function databaseFiles(databaseFile: string): { main: number; wal: number; shm: number; total: number } {
  const size = (file: string) => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };
  const main = size(databaseFile);
  const wal = size(`${databaseFile}-wal`);
  const shm = size(`${databaseFile}-shm`);
  return { main, wal, shm, total: main + wal + shm };
}

/** Rows in the update log and bytes of the snapshot, read through a read-only connection of our own. */
function logAndSnapshot(databaseFile: string): { logRows: number; snapshotBytes: number; freePages: number } {
  const db = new SQLite(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const log = db.prepare('select count(*) as n from document_updates').get() as { n: number };
    const snapshot = db.prepare('select coalesce(sum(length(data)), 0) as n from document_snapshots').get() as {
      n: number;
    };
    const freePages = db.pragma('freelist_count', { simple: true }) as number;
    return { logRows: log.n, snapshotBytes: snapshot.n, freePages };
  } finally {
    db.close();
  }
}

/** Resolves once `condition` holds, re-checking whenever `doc` changes; rejects after TIMEOUT_MS. */
function untilDocument(doc: Y.Doc, condition: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!condition()) return;
      stop();
      resolve();
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out waiting for ${what}`));
    }, TIMEOUT_MS);
    const stop = () => {
      clearTimeout(timer);
      doc.off('update', check);
    };
    doc.on('update', check);
    check();
  });
}

function whenSynced(provider: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => {
    if (provider.synced) return resolve();
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
}

/** Connects a fresh stock client and returns the milliseconds from `new WebsocketProvider` to `synced`. */
async function timeFullSync(server: TestServer, expected: string): Promise<number> {
  const started = performance.now();
  const client = await connectClient(server.collabUrl, DOCUMENT, { waitForSync: false });
  await whenSynced(client.provider);
  const elapsed = performance.now() - started;
  const text = client.text.toString();
  client.destroy();
  if (text !== expected) throw new Error(`synced text differs from endContent (${text.length} characters)`);
  return elapsed;
}

async function openRooms(server: TestServer): Promise<number> {
  const health = (await (await fetch(`${server.httpUrl}/healthz`)).json()) as { openRooms: number };
  return health.openRooms;
}

function loadTrace(): Trace {
  const trace = JSON.parse(gunzipSync(readFileSync(TRACE)).toString('utf8')) as Trace;
  if (trace.startContent !== '') throw new Error('the replay assumes the trace starts from an empty document');
  return trace;
}

/** Phase 1: every transaction of the trace as its own Yjs transaction, i.e. its own update message. */
async function replay(server: TestServer, trace: Trace): Promise<void> {
  const writer = await connectClient(server.collabUrl, DOCUMENT);
  const reader = await connectClient(server.collabUrl, DOCUMENT);
  const clients: Client[] = [writer, reader];
  try {
    let sent = 0;
    let sentBytes = 0;
    let received = 0;
    writer.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === writer.provider) return;
      sent++;
      sentBytes += update.byteLength;
    });
    reader.doc.on('update', () => {
      received++;
    });

    const transactions = observeTransactions();
    let editingMs = 0;
    const started = performance.now();
    for (let start = 0; start < trace.txns.length; start += CHUNK) {
      const chunkStarted = performance.now();
      for (const txn of trace.txns.slice(start, start + CHUNK)) {
        writer.doc.transact(() => {
          for (const [position, deleteCount, insert] of txn.patches) {
            if (deleteCount > 0) writer.text.delete(position, deleteCount);
            if (insert.length > 0) writer.text.insert(position, insert);
          }
        });
      }
      editingMs += performance.now() - chunkStarted;
      // The server broadcasts an update only after committing it, so the reader having it means it is durable.
      await untilDocument(reader.doc, () => received >= sent, `the reader to receive update ${sent}`);
      if (start % (50 * CHUNK) === 0) progress(`replayed ${start + CHUNK} of ${trace.txns.length} edits`);
    }
    await untilDocument(reader.doc, () => reader.text.toString() === trace.endContent, 'the reader to converge');
    const replayMs = performance.now() - started;
    const observed = transactions.stop();

    if (writer.text.toString() !== trace.endContent) throw new Error('the writer does not hold endContent');
    record('edits replayed (trace transactions)', trace.txns.length, 'count');
    record('update messages sent', sent, 'count');
    record('update bytes sent (Yjs payload, mean)', sentBytes / sent, 'bytes');
    record('replay until second client converged', replayMs / 1000, 's');
    record('throughput through the server', trace.txns.length / (replayMs / 1000), 'edits/s');
    record('  of which writer-side Yjs editing + send', editingMs / 1000, 's');
    reportTransactions(observed, sent);

    const files = databaseFiles(server.config.databaseFile);
    const stored = logAndSnapshot(server.config.databaseFile);
    record('after replay: klankbord.sqlite', files.main / KiB, 'KiB');
    record('after replay: klankbord.sqlite-wal', files.wal / KiB, 'KiB');
    record('after replay: klankbord.sqlite-shm', files.shm / KiB, 'KiB');
    record('after replay: data dir total', files.total / KiB, 'KiB');
    record('after replay: rows in document_updates', stored.logRows, 'rows');
    record('after replay: snapshot size', stored.snapshotBytes / KiB, 'KiB');
  } finally {
    for (const client of clients) client.destroy();
  }
}

function reportTransactions(observed: readonly ObservedTransaction[], updates: number): void {
  const appends = observed.filter((t) => t.kind === 'append');
  const compactions = observed.filter((t) => t.kind === 'compaction');
  if (appends.length === 0) throw new Error('observed no commits: the instrumentation missed the server connection');
  const rows = sum(appends.map((t) => t.rows));
  if (rows !== updates) throw new Error(`observed ${rows} logged updates for ${updates} sent`);
  const commitMs = appends.map((t) => t.commitMs);
  record('group commits (append transactions)', appends.length, 'count');
  record('updates per group commit (mean)', rows / appends.length, 'updates');
  record('updates per group commit (max)', Math.max(...appends.map((t) => t.rows)), 'updates');
  record('commit statement incl. fsync (p50)', percentile(commitMs, 50), 'ms');
  record('commit statement incl. fsync (p99)', percentile(commitMs, 99), 'ms');
  record('event loop blocked in append transactions', sum(appends.map((t) => t.totalMs)) / 1000, 's');
  record('compactions during replay', compactions.length, 'count');
  const compactionMs = compactions.map((t) => t.totalMs);
  record('compaction transaction (p50)', percentile(compactionMs, 50), 'ms');
  record('compaction transaction (max)', Math.max(...compactionMs), 'ms');
  record('event loop blocked in compactions', sum(compactionMs) / 1000, 's');
}

/** Phase 2: what the graceful shutdown (which compacts) leaves on disk. */
async function shutDown(server: TestServer): Promise<void> {
  const started = performance.now();
  await server.close();
  record('graceful close (final compaction)', performance.now() - started, 'ms');
  const files = databaseFiles(server.config.databaseFile);
  const stored = logAndSnapshot(server.config.databaseFile);
  record('after close: klankbord.sqlite', files.main / KiB, 'KiB');
  record('after close: klankbord.sqlite-wal', files.wal / KiB, 'KiB');
  record('after close: klankbord.sqlite-shm', files.shm / KiB, 'KiB');
  record('after close: data dir total', files.total / KiB, 'KiB');
  record('after close: free pages in klankbord.sqlite', stored.freePages, 'pages');
  record('after close: rows in document_updates', stored.logRows, 'rows');
  record('after close: snapshot size', stored.snapshotBytes / KiB, 'KiB');

  // VACUUM on a copy shows how much of the file is space freed by compaction, without changing the data dir.
  const scratch = makeDataDir();
  try {
    const copy = join(scratch, 'vacuumed.sqlite');
    copyFileSync(server.config.databaseFile, copy);
    const db = new SQLite(copy);
    db.exec('VACUUM');
    db.close();
    record('after close + VACUUM (on a copy)', databaseFiles(copy).total / KiB, 'KiB');
  } finally {
    removeDataDir(scratch);
  }
}

/** Phase 3: a restarted server; fresh clients load the whole document, cold from SQLite and warm from memory. */
async function loadDocument(dataDir: string, expected: string): Promise<void> {
  const before = memory();
  const started = performance.now();
  const server = await startTestServer({ dataDir, env: { COLLAB_UNLOAD_AFTER_MS: '0' } });
  record('server restart (open database, migrate, listen)', performance.now() - started, 'ms');
  let holder: Client | null = null;
  try {
    const cold: number[] = [];
    for (let run = 0; run < SYNC_RUNS; run++) {
      await waitFor(async () => (await openRooms(server)) === 0, 'the room to unload', TIMEOUT_MS);
      cold.push(await timeFullSync(server, expected));
    }
    record('cold sync, new provider → synced (median)', percentile(cold, 50), 'ms');
    record('cold sync (min)', Math.min(...cold), 'ms');
    record('cold sync (max)', Math.max(...cold), 'ms');

    await waitFor(async () => (await openRooms(server)) === 0, 'the room to unload', TIMEOUT_MS);
    holder = await connectClient(server.collabUrl, DOCUMENT);
    if (holder.text.toString() !== expected) throw new Error('the holding client did not receive endContent');
    const loaded = memory();
    record('process RSS before restart (trace released)', before.rss / MiB, 'MiB');
    record('process heapUsed before restart', before.heapUsed / MiB, 'MiB');
    record('process RSS, room loaded + 1 client', loaded.rss / MiB, 'MiB');
    record('process heapUsed, room loaded + 1 client', loaded.heapUsed / MiB, 'MiB');
    record('heapUsed growth: room + 1 client copy', (loaded.heapUsed - before.heapUsed) / MiB, 'MiB');

    const warm: number[] = [];
    for (let run = 0; run < SYNC_RUNS; run++) warm.push(await timeFullSync(server, expected));
    record('warm sync, room loaded (median)', percentile(warm, 50), 'ms');
    record('warm sync (min)', Math.min(...warm), 'ms');
    record('warm sync (max)', Math.max(...warm), 'ms');
  } finally {
    holder?.destroy();
    await server.close();
  }
}

/** One Y.Doc built from the stored snapshot, measured alone: the memory a loaded room costs the server. */
function documentHeap(databaseFile: string): void {
  const db = new SQLite(databaseFile, { readonly: true, fileMustExist: true });
  const row = db.prepare('select data from document_snapshots').get() as { data: Uint8Array };
  db.close();
  const before = memory().heapUsed;
  const doc = new Y.Doc();
  const applyStarted = performance.now();
  Y.applyUpdate(doc, row.data);
  const applyMs = performance.now() - applyStarted;
  const after = memory().heapUsed;
  record('Y.applyUpdate of the snapshot into an empty Y.Doc', applyMs, 'ms');
  record('heapUsed of one loaded Y.Doc', (after - before) / MiB, 'MiB');
  doc.destroy();
}

function machine() {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Number((totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

function printTable(): void {
  const nameWidth = Math.max(...metrics.map((m) => m.name.length));
  const valueWidth = Math.max(...metrics.map((m) => m.value.toLocaleString('en-US').length));
  const lines = metrics.map(
    (m) => `${m.name.padEnd(nameWidth)}  ${m.value.toLocaleString('en-US').padStart(valueWidth)}  ${m.unit}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const host = machine();
  progress(`${host.cpus} × ${host.cpuModel}, Node ${host.node}`);
  let trace: Trace | null = loadTrace();
  const expected = trace.endContent;
  record('final document length', expected.length, 'characters');

  const dataDir = makeDataDir();
  try {
    const server = await startTestServer({ dataDir });
    try {
      await replay(server, trace);
    } finally {
      await shutDown(server);
    }
    trace = null;
    await loadDocument(dataDir, expected);
    documentHeap(join(dataDir, 'klankbord.sqlite'));
  } finally {
    removeDataDir(dataDir);
  }

  printTable();
  mkdirSync(fileURLToPath(new URL('.', OUTPUT)), { recursive: true });
  writeFileSync(OUTPUT, `${JSON.stringify({ date: new Date().toISOString(), machine: host, metrics }, null, 2)}\n`);
  progress(`wrote ${fileURLToPath(OUTPUT)}`);
}

await main();

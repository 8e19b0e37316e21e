/**
 * Replays a real editing trace — the LaTeX source of the Automerge paper, 259,778 single-character edits —
 * through the server with a stock y-websocket client, measures what that leaves in SQLite, then (in a fresh
 * process, load-document.ts) how long a new client takes to receive the whole document, warm and cold.
 * Run with `pnpm bench`; prints a table and writes apps/server/.bench/sync-large-document.json.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type * as Y from 'yjs';
import { type Client, connectClient } from '../test/support/clients.ts';
import { TEST_NETWORK } from '../test/support/members.ts';
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from '../test/support/server.ts';
import { KiB, type Measurements, MiB, machine, percentile, progress, Report, sum } from './report.ts';
import { SQLite } from './sqlite.ts';
import { type ObservedTransaction, observeTransactions } from './sqlite-transactions.ts';

const TRACE = new URL('../../../../shared/data/automerge-paper.json.gz', import.meta.url);
const OUTPUT = new URL('../.bench/sync-large-document.json', import.meta.url);
const LOAD_DOCUMENT = new URL('./load-document.ts', import.meta.url);
// The test helpers give the stock client a token of a member of the test network; the document lives there.
// A free-standing notes document: a meeting's report would need a meeting, and this is about the collaboration core.
const DOCUMENT = `notes:${TEST_NETWORK}:automerge-paper`;
/** Edits sent before waiting for the second client to catch up: bounds what sits in socket buffers. */
const CHUNK = 1000;
const TIMEOUT_MS = 120_000;

/** The editing-trace format of github.com/josephg/editing-traces. */
interface Trace {
  startContent: string;
  endContent: string;
  txns: { time: string; patches: [position: number, deleteCount: number, insert: string][] }[];
}

const report = new Report();

function loadTrace(): Trace {
  const trace = JSON.parse(gunzipSync(readFileSync(TRACE)).toString('utf8')) as Trace;
  if (trace.startContent !== '') throw new Error('the replay assumes the trace starts from an empty document');
  return trace;
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

/** Rows in the update log, snapshot bytes and free pages, read through a read-only connection of our own. */
function storedState(databaseFile: string): { logRows: number; snapshotBytes: number; freePages: number } {
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

function recordDataDir(when: string, databaseFile: string): void {
  const files = databaseFiles(databaseFile);
  const stored = storedState(databaseFile);
  report.record(`${when}: klankbord.sqlite`, files.main / KiB, 'KiB');
  report.record(`${when}: klankbord.sqlite-wal`, files.wal / KiB, 'KiB');
  report.record(`${when}: klankbord.sqlite-shm`, files.shm / KiB, 'KiB');
  report.record(`${when}: data dir total`, files.total / KiB, 'KiB');
  report.record(`${when}: free pages in klankbord.sqlite`, stored.freePages, 'pages');
  report.record(`${when}: rows in document_updates`, stored.logRows, 'rows');
  report.record(`${when}: snapshot size`, stored.snapshotBytes / KiB, 'KiB');
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

/** Phase 1: every transaction of the trace as its own Yjs transaction, i.e. its own update message. */
async function replay(server: TestServer, trace: Trace): Promise<void> {
  const writer = await connectClient(server.collabUrl, DOCUMENT);
  const reader = await connectClient(server.collabUrl, DOCUMENT);
  const clients: Client[] = [writer, reader];
  try {
    let sent = 0;
    let sentBytes = 0;
    writer.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === writer.provider) return;
      sent++;
      sentBytes += update.byteLength;
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
      // Comparing texts, not counting updates: the server merges the updates of one commit into one message.
      const expected = writer.text.toString();
      await untilDocument(reader.doc, () => reader.text.toString() === expected, `the reader to receive edit ${sent}`);
      if (start % (50 * CHUNK) === 0) progress(`replayed ${start + CHUNK} of ${trace.txns.length} edits`);
    }
    await untilDocument(reader.doc, () => reader.text.toString() === trace.endContent, 'the reader to converge');
    const replayMs = performance.now() - started;
    const observed = transactions.stop();

    if (writer.text.toString() !== trace.endContent) throw new Error('the writer does not hold endContent');
    report.record('edits replayed (trace transactions)', trace.txns.length, 'count');
    report.record('update messages sent', sent, 'count');
    report.record('update size (Yjs payload, mean)', sentBytes / sent, 'bytes');
    report.record('replay until the second client converged', replayMs / 1000, 's');
    report.record('throughput through the server', trace.txns.length / (replayMs / 1000), 'edits/s');
    report.record('  of which the writer editing and sending', editingMs / 1000, 's');
    recordTransactions(observed, sent, sentBytes);
    recordDataDir('after replay', server.config.databaseFile);
  } finally {
    for (const client of clients) client.destroy();
  }
}

function recordTransactions(observed: readonly ObservedTransaction[], updates: number, updateBytes: number): void {
  const appends = observed.filter((t) => t.kind === 'append');
  const compactions = observed.filter((t) => t.kind === 'compaction');
  if (appends.length === 0) throw new Error('observed no commits: the instrumentation missed the server connection');
  const rows = sum(appends.map((t) => t.rows));
  if (rows !== updates) throw new Error(`observed ${rows} logged updates for ${updates} sent`);
  const commitMs = appends.map((t) => t.commitMs);
  const compactionMs = compactions.map((t) => t.totalMs);
  report.record('group commits (append transactions)', appends.length, 'count');
  report.record('updates per group commit (mean)', rows / appends.length, 'updates');
  report.record('updates per group commit (max)', Math.max(...appends.map((t) => t.rows)), 'updates');
  report.record('commit statement incl. fsync (p50)', percentile(commitMs, 50), 'ms');
  report.record('commit statement incl. fsync (p99)', percentile(commitMs, 99), 'ms');
  report.record('event loop blocked in append transactions', sum(appends.map((t) => t.totalMs)) / 1000, 's');
  report.record('compactions during replay', compactions.length, 'count');
  report.record('compaction transaction (p50)', percentile(compactionMs, 50), 'ms');
  report.record('compaction transaction (max)', Math.max(...compactionMs), 'ms');
  report.record('event loop blocked in compactions', sum(compactionMs) / 1000, 's');
  report.record('update bytes logged during replay', updateBytes / MiB, 'MiB');
  report.record('snapshot bytes written during replay', sum(compactions.map((t) => t.snapshotBytes)) / MiB, 'MiB');
}

/** Phase 2: what the graceful shutdown (which compacts) leaves on disk. */
async function shutDown(server: TestServer): Promise<void> {
  const started = performance.now();
  await server.close();
  report.record('graceful close (incl. final compaction)', performance.now() - started, 'ms');
  recordDataDir('after close', server.config.databaseFile);

  // VACUUM on a copy shows how much of the file is space freed by compaction, without changing the data dir.
  const scratch = makeDataDir();
  try {
    const copy = join(scratch, 'vacuumed.sqlite');
    copyFileSync(server.config.databaseFile, copy);
    const db = new SQLite(copy);
    db.exec('VACUUM');
    db.close();
    report.record('after close + VACUUM (on a copy)', databaseFiles(copy).total / KiB, 'KiB');
  } finally {
    removeDataDir(scratch);
  }
}

/** Phase 3, in a fresh process: restart on the same data, then warm and cold full syncs. */
async function loadDocument(dataDir: string, expected: string): Promise<Measurements> {
  const hash = createHash('sha256').update(expected).digest('hex');
  // execArgv carries tsx's loader, so the child runs TypeScript the way this process does.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...process.execArgv, fileURLToPath(LOAD_DOCUMENT), dataDir, DOCUMENT, hash],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Measurements;
}

function printTable(): void {
  const { metrics } = report;
  const nameWidth = Math.max(...metrics.map((m) => m.name.length));
  const valueWidth = Math.max(...metrics.map((m) => m.value.toLocaleString('en-US').length));
  const lines = metrics.map(
    (m) => `${m.name.padEnd(nameWidth)}  ${m.value.toLocaleString('en-US').padStart(valueWidth)}  ${m.unit}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const host = machine();
  progress(`${host.cpus} × ${host.cpuModel}, Node ${host.node}, load average ${host.loadAverage1m}`);
  const trace = loadTrace();
  const expected = trace.endContent;
  report.record('final document length', expected.length, 'characters');

  const dataDir = makeDataDir();
  try {
    const server = await startTestServer({ dataDir });
    try {
      await replay(server, trace);
    } finally {
      await shutDown(server);
    }
    progress('restarting the server in a fresh process');
    report.add(await loadDocument(dataDir, expected));
  } finally {
    removeDataDir(dataDir);
  }

  printTable();
  mkdirSync(fileURLToPath(new URL('.', OUTPUT)), { recursive: true });
  const { metrics, samples } = report;
  const loadAverage1mAtEnd = machine().loadAverage1m;
  const result = { date: new Date().toISOString(), machine: { ...host, loadAverage1mAtEnd }, metrics, samples };
  writeFileSync(OUTPUT, `${JSON.stringify(result, null, 2)}\n`);
  progress(`wrote ${fileURLToPath(OUTPUT)}`);
}

await main();

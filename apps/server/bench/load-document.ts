/**
 * The second half of sync-large-document.ts, run in a fresh process so that its memory figures hold the
 * server, one loaded room and one client — not the parsed trace and the replay's garbage.
 * Usage: load-document.ts <dataDir> <documentName> <sha256 of the expected text>; prints Measurements as JSON.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { applyStoredState } from '@klankbord/collab';
import type { StoredSegment } from '@klankbord/db';
import { waitFor } from '@klankbord/testing';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type Client, connectClient } from '../test/support/clients.ts';
import { startTestServer, type TestServer } from '../test/support/server.ts';
import { MiB, memory, percentile, progress, Report } from './report.ts';
import { SQLite } from './sqlite.ts';

const SYNC_RUNS = 10;
/** Unrecorded syncs before the warm runs: a long-running server has compiled its hot paths long ago. */
const WARMUP_RUNS = 3;
const APPLY_RUNS = 20;
const TIMEOUT_MS = 120_000;

function readArguments(): { dataDir: string; documentName: string; expectedHash: string } {
  const [dataDir, documentName, expectedHash] = process.argv.slice(2);
  if (!dataDir || !documentName || !expectedHash) {
    throw new Error('usage: load-document.ts <dataDir> <documentName> <sha256 of the expected text>');
  }
  return { dataDir, documentName, expectedHash };
}

const { dataDir, documentName, expectedHash } = readArguments();
const report = new Report();

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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

/** Connects a stock client and returns it with the milliseconds from `new WebsocketProvider` to `synced`. */
async function syncedClient(server: TestServer): Promise<{ client: Client; ms: number }> {
  const started = performance.now();
  const client = await connectClient(server.collabUrl, documentName, { waitForSync: false });
  await whenSynced(client.provider);
  const ms = performance.now() - started;
  if (sha256(client.text.toString()) !== expectedHash) {
    client.destroy();
    throw new Error(`synced text differs from endContent (${client.text.length} characters)`);
  }
  return { client, ms };
}

async function timeFullSync(server: TestServer): Promise<number> {
  const { client, ms } = await syncedClient(server);
  client.destroy();
  return ms;
}

async function openRooms(server: TestServer): Promise<number> {
  const health = (await (await fetch(`${server.httpUrl}/healthz`)).json()) as { openRooms: number };
  return health.openRooms;
}

/** Applies the stored segments to empty Y.Docs, without and with an 'update' listener, interleaved; returns ms. */
function timeSnapshotApply(segments: StoredSegment[]): { plain: number[]; listened: number[] } {
  const runs = { plain: [] as number[], listened: [] as number[] };
  for (let run = 0; run < APPLY_RUNS; run++) {
    for (const listened of [false, true]) {
      const doc = new Y.Doc();
      // With a listener, Yjs also encodes the whole transaction as an update for it: what a room pays
      // when it subscribes before applying its stored state.
      if (listened) doc.on('update', () => {});
      const started = performance.now();
      applyStoredState(doc, { segments, updates: [] });
      (listened ? runs.listened : runs.plain).push(performance.now() - started);
      doc.destroy();
    }
  }
  return runs;
}

/** One Y.Doc built from the stored segments, alone: what a loaded room costs, without sockets or SQLite. */
async function measureDocument(): Promise<void> {
  const db = new SQLite(join(dataDir, 'klankbord.sqlite'), { readonly: true, fileMustExist: true });
  const segments = db
    .prepare('select data, format, last_update_id as lastUpdateId from document_snapshots order by last_update_id')
    .all() as StoredSegment[];
  db.close();
  const before = (await memory()).heapUsed;
  const doc = new Y.Doc();
  applyStoredState(doc, { segments, updates: [] });
  const after = (await memory()).heapUsed;
  report.record('heapUsed of one Y.Doc holding the document', (after - before) / MiB, 'MiB');
  doc.destroy();
  const apply = timeSnapshotApply(segments);
  report.record('apply snapshot to an empty Y.Doc (median)', percentile(apply.plain, 50), 'ms');
  report.record('  same, with an update listener (median)', percentile(apply.listened, 50), 'ms');
}

async function measureServer(): Promise<void> {
  const started = performance.now();
  const server = await startTestServer({ dataDir: dataDir, env: { COLLAB_UNLOAD_AFTER_MS: '0' } });
  report.record('server restart on the same data (startTestServer)', performance.now() - started, 'ms');
  let holder: Client | null = null;
  try {
    const empty = await memory();
    const first = await syncedClient(server);
    holder = first.client;
    const loaded = await memory();
    report.record('first sync after restart (cold, unwarmed JIT)', first.ms, 'ms');
    report.record('process RSS, server started, no room', empty.rss / MiB, 'MiB');
    report.record('process heapUsed, server started, no room', empty.heapUsed / MiB, 'MiB');
    report.record('process RSS, room loaded + 1 client', loaded.rss / MiB, 'MiB');
    report.record('process heapUsed, room loaded + 1 client', loaded.heapUsed / MiB, 'MiB');
    report.record('heapUsed growth: room + 1 client copy', (loaded.heapUsed - empty.heapUsed) / MiB, 'MiB');

    for (let run = 0; run < WARMUP_RUNS; run++) await timeFullSync(server);
    const warm: number[] = [];
    for (let run = 0; run < SYNC_RUNS; run++) warm.push(await timeFullSync(server));
    report.recordRuns('warm sync, room in memory', 'warmSyncMs', warm, 'ms');
    holder.destroy();
    holder = null;

    const cold: number[] = [];
    for (let run = 0; run < SYNC_RUNS; run++) {
      await waitFor(async () => (await openRooms(server)) === 0, 'the room to unload', TIMEOUT_MS);
      cold.push(await timeFullSync(server));
    }
    report.recordRuns('cold sync, room loaded from SQLite', 'coldSyncMs', cold, 'ms');
  } finally {
    holder?.destroy();
    await server.close();
  }
}

await measureDocument();
progress('measured the stored document alone');
await measureServer();
process.stdout.write(`${JSON.stringify({ metrics: report.metrics, samples: report.samples })}\n`);

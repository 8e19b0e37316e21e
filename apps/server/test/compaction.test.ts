import { storedDocument } from '@klankbord/collab';
import { countUpdates, type Db, findDocument, loadDocumentState, segmentSize } from '@klankbord/db';
import { waitFor } from '@klankbord/testing';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Client, connectClient } from './support/clients.ts';
import { openTestDatabase } from './support/database.ts';
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/server.ts';

const DOCUMENT = 'notes:ngs:2023-tilburg';

/** Rebuilds the stored document the way a room loads it, from a separate connection to the same database. */
async function readStored(
  dataDir: string,
): Promise<{ state: Uint8Array; logRows: number; logBytes: number; snapshotBytes: number; text: string }> {
  const db: Db = await openTestDatabase(dataDir);
  try {
    const document = await findDocument(db, DOCUMENT);
    if (!document) throw new Error('document was not stored');
    const stored = await loadDocumentState(db, document.id);
    const doc = storedDocument(stored);
    return {
      state: Y.encodeStateAsUpdate(doc),
      logRows: await countUpdates(db, document.id),
      logBytes: stored.updates.reduce((sum, update) => sum + update.byteLength, 0),
      // As compaction weighs them (segmentSize): the segments' Yjs updates before deflating, not the stored bytes.
      snapshotBytes: stored.segments.reduce((sum, segment) => sum + segmentSize(segment), 0),
      text: doc.getText('content').toString(),
    };
  } finally {
    await db.destroy();
  }
}

/** Types and deletes like a person editing, one transaction per keystroke, in bursts of ten per turn. */
async function edit(client: Client, keystrokes: number, seed: number): Promise<void> {
  for (let i = 0; i < keystrokes; i++) {
    const n = (seed + i * 7919) % 1000;
    if (n % 5 === 0 && client.text.length > 0) client.text.delete(n % client.text.length, 1);
    else client.text.insert(n % (client.text.length + 1), String.fromCharCode(97 + (n % 26)));
    if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('compaction', () => {
  const clients: Client[] = [];
  const servers: TestServer[] = [];
  let dataDir = '';

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const server of servers.splice(0)) await server.close();
    removeDataDir(dataDir);
  });

  async function start(compactAfter: number): Promise<TestServer> {
    const server = await startTestServer({ dataDir, env: { COLLAB_COMPACT_AFTER_UPDATES: String(compactAfter) } });
    servers.push(server);
    return server;
  }

  it('keeps the encoded document identical and empties the log when a room unloads', async () => {
    dataDir = makeDataDir();
    const server = await start(1_000_000);
    const writer = await connectClient(server.collabUrl, DOCUMENT);
    const observer = await connectClient(server.collabUrl, DOCUMENT);
    clients.push(writer, observer);
    await edit(writer, 400, 1);
    await waitFor(() => observer.text.toString() === writer.text.toString(), 'the observer to converge');

    const before = await readStored(server.dataDir);
    expect(before.logRows).toBe(400);
    expect(before.text).toBe(writer.text.toString());

    writer.destroy();
    observer.destroy();
    await server.close();
    servers.length = 0;
    const after = await readStored(server.dataDir);
    expect(after.logRows).toBe(0);
    expect(after.state).toEqual(before.state);
  });

  it('loses no update that arrives while the log is being compacted', async () => {
    dataDir = makeDataDir();
    const server = await start(25);
    const anna = await connectClient(server.collabUrl, DOCUMENT);
    const bram = await connectClient(server.collabUrl, DOCUMENT);
    const observer = await connectClient(server.collabUrl, DOCUMENT);
    clients.push(anna, bram, observer);
    // Two writers at once keep updates arriving throughout the many compactions a threshold of 25 causes.
    await Promise.all([edit(anna, 600, 3), edit(bram, 600, 11)]);
    await waitFor(
      () => observer.text.toString() === anna.text.toString() && anna.text.toString() === bram.text.toString(),
      'all clients to converge',
    );
    const seen = Y.encodeStateAsUpdate(observer.doc);

    const stored = await readStored(server.dataDir);
    // 1,200 updates went in; compaction kept folding them: what stays in the log is less than a due log
    // (25 updates and half the snapshot's bytes), give or take the updates that committed during the last run.
    expect(stored.snapshotBytes).toBeGreaterThan(0);
    expect(stored.logRows < 25 + 20 || stored.logBytes < stored.snapshotBytes / 2 + 20 * 40).toBe(true);
    expect(stored.logRows).toBeLessThan(25 * 20);
    expect(stored.text).toBe(observer.text.toString());
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, stored.state);
    expect(Y.encodeStateAsUpdate(rebuilt)).toEqual(seen);
  });
});

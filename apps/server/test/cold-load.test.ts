import { findDocument, loadDocumentState } from '@klankbord/db';
import { waitFor } from '@klankbord/testing';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient } from './support/clients.ts';
import { isSyncStep2, openRawSocket, syncMessage } from './support/raw-socket.ts';
import { removeDataDir, startTestServer, type TestServer, WRITE_TOKEN } from './support/server.ts';

const DOCUMENT = 'notes:ngs:koude-start';

describe('a client of a room loaded cold', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    if (server) removeDataDir(server.dataDir);
  });

  it('has the whole document from the one sync step 2 it is sent, read from its stored segment', async () => {
    // Compaction after 20 updates, so the stored state is a snapshot plus a log.
    server = await startTestServer({ env: { COLLAB_UNLOAD_AFTER_MS: '0', COLLAB_COMPACT_AFTER_UPDATES: '20' } });
    const writer = await connectClient(server.collabUrl, DOCUMENT);
    for (let i = 0; i < 65; i++) writer.text.insert(writer.text.length, `Agendapunt ${i}. `);
    writer.text.delete(0, 14);
    const expected = writer.text.toString();
    const reader = await connectClient(server.collabUrl, DOCUMENT);
    await waitFor(() => reader.text.toString() === expected, 'every edit to be committed and sent');
    writer.destroy();
    reader.destroy();
    const openRooms = async () =>
      ((await (await fetch(`${server!.httpUrl}/healthz`)).json()) as { openRooms: number }).openRooms;
    await waitFor(async () => (await openRooms()) === 0, 'the room to unload');

    // Stored as the unload left it: the log folded into one segment, Yjs V1 deflated, with its state vector.
    const document = await findDocument(server.db, DOCUMENT);
    const stored = await loadDocumentState(server.db, document!.id);
    expect(stored.segments.map((segment) => segment.format)).toEqual([3]);
    expect(stored.segments[0]?.stateVector?.byteLength).toBeGreaterThan(0);

    const socket = await openRawSocket(server.collabUrl, DOCUMENT, WRITE_TOKEN);
    socket.socket.send(syncMessage(0, Y.encodeStateVector(new Y.Doc())));
    await waitFor(() => socket.received.some(isSyncStep2), 'the answer to sync step 1');
    const answer = decoding.createDecoder(socket.received.find(isSyncStep2)!);
    decoding.readVarUint(answer);
    decoding.readVarUint(answer);
    const cold = new Y.Doc();
    Y.applyUpdate(cold, decoding.readVarUint8Array(answer));
    expect(cold.getText('content').toString()).toBe(expected);
    socket.socket.close();
  });
});

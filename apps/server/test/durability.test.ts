import type { ServerProcess } from '@klankbord/testing';
import { waitFor } from '@klankbord/testing';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { spawnTestServer } from './support/child-server.ts';
import { type Client, connectClient } from './support/clients.ts';
import { makeDataDir, removeDataDir, startTestServer } from './support/server.ts';

/** True when `doc` holds every update that `seen` holds. */
function containsState(doc: Y.Doc, seen: Y.Doc): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(seen))) {
    if ((have.get(client) ?? 0) < clock) return false;
  }
  return true;
}

describe('durability', () => {
  const clients: Client[] = [];
  const children: ServerProcess[] = [];
  const dataDirs: string[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const child of children.splice(0)) {
      child.process.kill('SIGKILL');
      await child.exited;
    }
    for (const dir of dataDirs.splice(0)) removeDataDir(dir);
  });

  it('keeps every update across a graceful restart', async () => {
    const dataDir = makeDataDir();
    dataDirs.push(dataDir);
    const first = await startTestServer({ dataDir });
    const writer = await connectClient(first.collabUrl, 'notes:ngs:2024');
    const observer = await connectClient(first.collabUrl, 'notes:ngs:2024');
    clients.push(writer, observer);
    for (let i = 0; i < 300; i++) writer.text.insert(writer.text.length, `${i % 10}`);
    writer.doc.getMap('meta').set('title', 'Verslag netwerkdag Eindhoven');
    const expected = Y.encodeStateAsUpdate(writer.doc);
    // y-websocket has no acknowledgements: an update is known to have reached the server once another client has it.
    await waitFor(() => observer.doc.getMap('meta').get('title') !== undefined, 'the observer to see the edits');
    await first.close();
    writer.destroy();
    observer.destroy();

    const second = await startTestServer({ dataDir });
    try {
      const reader = await connectClient(second.collabUrl, 'notes:ngs:2024');
      clients.push(reader);
      expect(reader.text.toString()).toBe(writer.text.toString());
      expect(reader.doc.getMap('meta').get('title')).toBe('Verslag netwerkdag Eindhoven');
      const fresh = new Y.Doc();
      Y.applyUpdate(fresh, expected);
      expect(containsState(reader.doc, fresh)).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('loses no update that another client has seen when the server is killed with SIGKILL', async () => {
    const dataDir = makeDataDir();
    dataDirs.push(dataDir);
    const server = await spawnTestServer(dataDir);
    children.push(server);
    const writer = await connectClient(server.collabUrl, 'notes:ngs:carbid');
    const observer = await connectClient(server.collabUrl, 'notes:ngs:carbid');
    clients.push(writer, observer);

    const total = 1000;
    let killed = false;
    observer.doc.on('update', () => {
      // Kill in the same tick that the observer first holds the last update: nothing may be lost after this.
      if (!killed && observer.text.length === total) {
        killed = true;
        server.process.kill('SIGKILL');
      }
    });
    for (let i = 0; i < total; i++) {
      writer.text.insert(writer.text.length, String.fromCharCode(97 + (i % 26)));
      // Bursts of ten per turn, so the server sees many group commits rather than one.
      if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => killed, 'the observer to see all updates', 20_000);
    await server.exited;
    const seen = new Y.Doc();
    Y.applyUpdate(seen, Y.encodeStateAsUpdate(observer.doc));
    // Stop both clients before the restart: reconnecting, they would re-send what the server lost.
    writer.destroy();
    observer.destroy();

    const restarted = await spawnTestServer(dataDir);
    children.push(restarted);
    const reader = await connectClient(restarted.collabUrl, 'notes:ngs:carbid');
    clients.push(reader);
    expect(reader.text.length).toBe(total);
    expect(reader.text.toString()).toBe(seen.getText('content').toString());
    expect(containsState(reader.doc, seen)).toBe(true);
  });
});

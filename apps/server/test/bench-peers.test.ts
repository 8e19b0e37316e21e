/**
 * The side-by-side bench's peers are real: each launcher starts its server, a stock client's text reaches a second
 * client through it, and after a graceful stop and a restart on the same data directory the text is still there,
 * so the persistence the bench measures (y-leveldb, Hocuspocus's SQLite extension) is wired.
 */
import { HocuspocusProvider } from '@hocuspocus/provider';
import { waitFor } from '@klankbord/testing';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { makeDir, removeDir } from '../bench/peers/scenario.ts';
import { type PeerServer, startPeer } from '../bench/peers/servers.ts';
import { roomName, type Target } from '../bench/peers/target.ts';

const polyfill = WebSocket as unknown as typeof globalThis.WebSocket;

/** A stock client of the peer's kind on `room`; `synced` tells when it has the server's state. */
function connect(target: Target, room: string): { text: Y.Text; synced(): boolean; destroy(): void } {
  const doc = new Y.Doc();
  if (target.peer === 'hocuspocus') {
    const configuration = { url: target.url, name: room, document: doc, WebSocketPolyfill: polyfill };
    const provider = new HocuspocusProvider(configuration);
    return { text: doc.getText('content'), synced: () => provider.isSynced, destroy: once(() => provider.destroy()) };
  }
  const provider = new WebsocketProvider(target.url, roomName(target, room), doc, {
    WebSocketPolyfill: polyfill,
    params: target.params,
    disableBc: true,
  });
  return { text: doc.getText('content'), synced: () => provider.synced, destroy: once(() => provider.destroy()) };
}

/** Clients are destroyed in the test and again in clean-up after a failure; the second time does nothing. */
function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (!done) action();
    done = true;
  };
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

// Generous waits: this checks that each launcher works, while the rest of the suite keeps both cores busy.
describe('the side-by-side peers', { timeout: 150_000 }, () => {
  for (const peer of ['reference', 'hocuspocus'] as const) {
    it(`${peer}: syncs a document between stock clients and keeps it across a restart`, async () => {
      const dataDir = makeDir();
      cleanup.push(() => removeDir(dataDir));
      let server: PeerServer = await startPeer(peer, dataDir);
      cleanup.push(() => server.stop());

      const writer = connect(server.target, 'room-1');
      const reader = connect(server.target, 'room-1');
      cleanup.push(
        () => writer.destroy(),
        () => reader.destroy(),
      );
      // With two test files at a time on two cores, Hocuspocus's first sync once took more than 30 s.
      await waitFor(() => writer.synced() && reader.synced(), 'both clients to sync', 60_000);
      writer.text.insert(0, 'Hallo Klankbord');
      await waitFor(() => reader.text.toString() === 'Hallo Klankbord', 'the reader to receive the text', 30_000);
      writer.destroy();
      reader.destroy();
      // Hocuspocus stores when the last client leaves; the reference with every update.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await server.stop();

      server = await startPeer(peer, dataDir);
      const loader = connect(server.target, 'room-1');
      cleanup.push(() => loader.destroy());
      await waitFor(() => loader.synced() && loader.text.toString() === 'Hallo Klankbord', 'the stored text', 30_000);
      expect(loader.text.toString()).toBe('Hallo Klankbord');
    });
  }
});

import { fromBase64 } from 'lib0/buffer';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { collabUrl } from './connection.svelte.ts';
import type { UnsentChange } from './local-copies.ts';

// The outbox's (outbox.svelte.ts) sending, in a module of its own that it loads when it has something to send.

// y-websocket's outer message type for document sync (awareness is 1); see y-protocols' PROTOCOL.md.
const MESSAGE_SYNC = 0;
/** Close codes after which the server will never take these changes (see packages/collab close-codes.ts). */
const REFUSED_FOR_GOOD = new Set([4403, 4413]);
/** How long one document may take to be delivered before the outbox gives up until the next round. */
const DELIVERY_TIMEOUT_MS = 15_000;

/**
 * Delivers one document's unsent changes: 'delivered' once the server has stored them, 'refused' when the
 * server will never take them (no longer allowed to write, document full), 'retry' otherwise (unreachable,
 * too slow, refused at the door — which a browser cannot tell from a network failure).
 *
 * The server asks a writer for its state (sync step 1) as soon as it joins, and the provider answers at once
 * with our changes (step 2). The server handles a socket's messages in order and answers a step 1 only after
 * every update before it has been stored; so the answer to a step 1 sent after ours is the acknowledgement.
 */
export function deliver(change: UnsentChange): Promise<'delivered' | 'refused' | 'retry'> {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, fromBase64(change.update));
  } catch {
    return Promise.resolve('refused');
  }
  const provider = new WebsocketProvider(collabUrl(), change.documentName, doc, { disableBc: true, connect: false });
  // Nobody should see this person appear in the document for the moment it takes.
  provider.awareness.setLocalState(null);
  return new Promise((resolve) => {
    let askedForState = false;
    let probing = false;
    const finish = (outcome: 'delivered' | 'refused' | 'retry') => {
      clearTimeout(timeout);
      provider.destroy();
      doc.destroy();
      resolve(outcome);
    };
    const timeout = setTimeout(() => finish('retry'), DELIVERY_TIMEOUT_MS);
    provider.on('closed', ({ code }) => finish(REFUSED_FOR_GOOD.has(code) ? 'refused' : 'retry'));
    provider.on('status', ({ status }) => {
      const socket = provider.ws;
      if (status !== 'connected' || !socket) return;
      askedForState = probing = false;
      // Added after the provider's own handler, so it runs after the provider has answered the message.
      socket.addEventListener('message', (event: MessageEvent<ArrayBuffer>) => {
        const step = syncStep(new Uint8Array(event.data));
        if (step === syncProtocol.messageYjsSyncStep1) askedForState = true;
        if (step !== syncProtocol.messageYjsSyncStep2) return;
        if (probing) return finish('delivered');
        // Synced, but never asked for our changes: the server holds this connection read-only.
        if (!askedForState) return finish('refused');
        probing = true;
        const probe = encoding.createEncoder();
        encoding.writeVarUint(probe, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(probe, doc);
        socket.send(encoding.toUint8Array(probe));
      });
    });
    provider.connect();
  });
}

/** The sync step of a message from the server, or null for another kind of message. */
function syncStep(message: Uint8Array): number | null {
  try {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
    return decoding.readVarUint(decoder);
  } catch {
    return null;
  }
}

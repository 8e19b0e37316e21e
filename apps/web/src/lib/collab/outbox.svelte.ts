import { fromBase64 } from 'lib0/buffer';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { collabUrl } from './connection.svelte.ts';
import { forgetUnsent, onUnsentChange, type UnsentChange, unsentChanges } from './local-copies.ts';

// y-websocket's outer message type for document sync (awareness is 1); see y-protocols' PROTOCOL.md.
const MESSAGE_SYNC = 0;
/** Close codes after which the server will never take these changes (see packages/collab close-codes.ts). */
const REFUSED_FOR_GOOD = new Set([4403, 4413]);
/** How long one document may take to be delivered before the outbox gives up until the next round. */
const DELIVERY_TIMEOUT_MS = 15_000;
/** While something waits and the browser believes it is online, how often to try again (the server may be down). */
const RETRY_MS = 30_000;

const onPage = new Map<string, number>();

/**
 * Marks a document as open on this page: its own connection sends what waits, so the outbox leaves it alone.
 * Returns the function that unmarks it.
 */
export function openedOnPage(documentName: string): () => void {
  onPage.set(documentName, (onPage.get(documentName) ?? 0) + 1);
  return () => {
    const count = (onPage.get(documentName) ?? 1) - 1;
    if (count > 0) onPage.set(documentName, count);
    else onPage.delete(documentName);
    // Closed before its changes went out (e.g. the person navigated away offline): the outbox takes over.
    outbox.deliverSoon();
  };
}

/**
 * The signed-in person's changes that never reached the server (typed offline), and the background sender that
 * delivers them from whatever page is open as soon as the browser is online: for each such document it opens a
 * short-lived connection with the stock y-websocket provider, waits until the server has stored the changes, and
 * forgets them then. Start it once, from the app's layout, with `start(userId)`.
 */
class Outbox {
  /** How many documents hold changes that the server has not had. */
  count = $state(0);
  #userId: number | null = null;
  #running = false;
  #again = false;
  #retry: ReturnType<typeof setInterval> | null = null;

  /** Starts watching and sending the unsent changes of `userId`; returns the function that stops it. */
  start(userId: number): () => void {
    this.#userId = userId;
    const stopWatching = onUnsentChange(this.#refresh);
    globalThis.addEventListener('online', this.deliverSoon);
    this.#retry = setInterval(this.deliverSoon, RETRY_MS);
    this.#refresh();
    return () => {
      stopWatching();
      globalThis.removeEventListener('online', this.deliverSoon);
      if (this.#retry) clearInterval(this.#retry);
      this.#retry = null;
      this.#userId = null;
      this.count = 0;
    };
  }

  /** Sends what waits, unless offline; one round at a time, and one more if asked again meanwhile. */
  deliverSoon = (): void => {
    if (this.#userId === null || !navigator.onLine) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.#deliverAll();
  };

  // Writes `count` without reading it: run inside an effect (start), a read would make the effect rerun itself.
  #refresh = (): void => {
    const count = this.#userId === null ? 0 : unsentChanges(this.#userId).length;
    this.count = count;
    if (count > 0) this.deliverSoon();
  };

  async #deliverAll(): Promise<void> {
    this.#running = true;
    try {
      do {
        this.#again = false;
        const userId = this.#userId;
        if (userId === null) return;
        // One document at a time: a person rarely has more than a few, and each costs the server a connection.
        for (const change of unsentChanges(userId)) {
          if (onPage.has(change.documentName) || !navigator.onLine || this.#userId !== userId) continue;
          const outcome = await deliver(change);
          if (outcome !== 'retry') forgetUnsent(userId, change.documentName, change.update);
          if (outcome === 'refused') console.warn(`The server refused the unsent changes to ${change.documentName}.`);
        }
      } while (this.#again);
    } finally {
      this.#running = false;
    }
  }
}

/** The one outbox of this tab. */
export const outbox = new Outbox();

/**
 * Delivers one document's unsent changes: 'delivered' once the server has stored them, 'refused' when the
 * server will never take them (no longer allowed to write, document full), 'retry' otherwise (unreachable,
 * too slow, refused at the door — which a browser cannot tell from a network failure).
 *
 * The server asks a writer for its state (sync step 1) as soon as it joins, and the provider answers at once
 * with our changes (step 2). The server handles a socket's messages in order and answers a step 1 only after
 * every update before it has been stored; so the answer to a step 1 sent after ours is the acknowledgement.
 */
function deliver(change: UnsentChange): Promise<'delivered' | 'refused' | 'retry'> {
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

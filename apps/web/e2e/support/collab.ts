import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { BrowserContext } from 'playwright-core';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

// y-websocket's outer message type for document sync (awareness is 1); see y-protocols' PROTOCOL.md.
const MESSAGE_SYNC = 0;

/** A sync `update` message carrying a change that inserts `text` into the shared text `field`. */
export function updateMessage(field: string, text: string): number[] {
  const doc = new Y.Doc();
  doc.getText(field).insert(0, text);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
  return [...encoding.toUint8Array(encoder)];
}

/** A sync step 1 from an empty document: the server answers with a step 2 holding the whole document. */
export function emptySyncStep1Message(): number[] {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, new Y.Doc());
  return [...encoding.toUint8Array(encoder)];
}

/** True for a sync step 2 message, the server's answer to a step 1. */
export function isSyncStep2(message: readonly number[]): boolean {
  return message[0] === MESSAGE_SYNC && message[1] === syncProtocol.messageYjsSyncStep2;
}

/** The document that a list of sync messages from the server describes. */
export function documentFrom(messages: readonly (readonly number[])[]): Y.Doc {
  const doc = new Y.Doc();
  for (const message of messages) {
    const decoder = decoding.createDecoder(Uint8Array.from(message));
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) continue;
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
  }
  return doc;
}

/** The stock y-websocket client in Node, signed in with a browser context's session cookie. */
export interface CollabClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  synced: Promise<void>;
  destroy(): void;
}

/** Connects the stock provider to `/collab/<document>` as the person signed in to `context`. */
export async function connectAs(context: BrowserContext, serverUrl: string, document: string): Promise<CollabClient> {
  const cookie = (await context.cookies(serverUrl)).map(({ name, value }) => `${name}=${value}`).join('; ');
  // A browser sends the cookie and its page's Origin; the server accepts a session only from its own origin.
  class SignedInWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie, origin: serverUrl } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/collab`, document, doc, {
    WebSocketPolyfill: SignedInWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  // Fails at the first refused connection (the provider itself would retry for ever) so a test says why.
  const synced = new Promise<void>((resolve, reject) => {
    provider.once('sync', (isSynced: boolean) => isSynced && resolve());
    provider.once('connection-error', (event: Event) =>
      reject(new Error(`collaboration socket refused: ${(event as ErrorEvent).message ?? event.type}`)),
    );
  });
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

import { waitFor } from '@klankbord/testing';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { WRITE_TOKEN } from './server.ts';

/** A stock y-websocket client in Node, exactly as an integration would use it. */
export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: Y.Text;
  destroy(): void;
}

/** Connects a stock WebsocketProvider to a document and waits until it has synced. */
export async function connectClient(
  collabUrl: string,
  documentName: string,
  options: { token?: string; waitForSync?: boolean } = {},
): Promise<Client> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(collabUrl, documentName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token: options.token ?? WRITE_TOKEN },
    disableBc: true,
  });
  const client = clientOf(doc, provider);
  if (options.waitForSync !== false) await waitFor(() => provider.synced, `${documentName} to sync`);
  return client;
}

/** Wraps a document and its provider as a Client. */
export function clientOf(doc: Y.Doc, provider: WebsocketProvider): Client {
  return {
    doc,
    provider,
    // Defined on first use only: a report's 'content' is an XmlFragment, and Yjs fixes a root's type once.
    get text() {
      return doc.getText('content');
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * Waits until the server has handled everything this client sent so far: it handles one socket's messages in
 * order and answers a sync step 1 only after the commits before it. 'closed' when the socket closed instead.
 */
export async function roundTrip(client: Client): Promise<'answered' | 'closed'> {
  const socket = client.provider.ws;
  if (!socket) return 'closed';
  let answered = false;
  const onMessage = (event: MessageEvent) => {
    const data = new Uint8Array(event.data as ArrayBuffer);
    if (data[0] === 0 && data[1] === 1) answered = true; // messageSync, sync step 2
  };
  socket.addEventListener('message', onMessage);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, client.doc);
  socket.send(encoding.toUint8Array(encoder));
  const closed = () => socket.readyState === socket.CLOSING || socket.readyState === socket.CLOSED;
  try {
    await waitFor(() => answered || closed(), 'the server to answer a sync step 1');
  } finally {
    socket.removeEventListener('message', onMessage);
  }
  return answered ? 'answered' : 'closed';
}

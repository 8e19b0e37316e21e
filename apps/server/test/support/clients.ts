import { waitFor } from '@klankbord/testing';
import WebSocket from 'ws';
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
  const client: Client = {
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
  if (options.waitForSync !== false) await waitFor(() => provider.synced, `${documentName} to sync`);
  return client;
}

// Bundled for the browser by browser.test.ts: the stock WebsocketProvider with the browser's own WebSocket.
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

declare global {
  var klankbord: { doc: Y.Doc; provider: WebsocketProvider; text: Y.Text };
  var connectKlankbord: (url: string, documentName: string, token: string) => void;
}

globalThis.connectKlankbord = (url, documentName, token) => {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, documentName, doc, { params: { token } });
  globalThis.klankbord = { doc, provider, text: doc.getText('content') };
};

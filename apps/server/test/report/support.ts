import { countUpdates, findDocument } from '@klankbord/db';
import { reportFragment } from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Client } from '../support/clients.ts';
import type { TestServer } from '../support/server.ts';

/** Appends a paragraph to a report as the web editor would (a Tiptap paragraph node in the 'content' fragment). */
export function writeParagraph(doc: Y.Doc, words: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(words)]);
  const content = reportFragment(doc);
  content.insert(content.length, [paragraph]);
}

/** The report's text as a client has it: one line per paragraph. */
export function reportText(client: Client): string {
  return reportFragment(client.doc)
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().join('') : ''))
    .join('\n');
}

/** The number of logged updates of a document (0 when it does not exist yet). */
export async function loggedUpdates(server: TestServer, name: string): Promise<number> {
  const document = await findDocument(server.db, name);
  return document ? countUpdates(server.db, document.id) : 0;
}

/**
 * Sends a report edit over a hand-made socket, bypassing the stock client, and resolves once the server has
 * handled it: its answer to the sync step 1 sent right after comes only after every earlier commit.
 */
export async function sendRawEdit(url: string, words: string): Promise<void> {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let answered = false;
  socket.on('message', (data: ArrayBuffer) => {
    const bytes = new Uint8Array(data);
    if (bytes[0] === 0 && bytes[1] === 1) answered = true;
  });
  const doc = new Y.Doc();
  writeParagraph(doc, words);
  const message = (write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    write(encoder);
    return encoding.toUint8Array(encoder);
  };
  socket.send(message((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc))));
  socket.send(message((e) => syncProtocol.writeSyncStep1(e, new Y.Doc())));
  try {
    await waitFor(() => answered, 'the server to answer the hand-made socket');
  } finally {
    socket.close();
    doc.destroy();
  }
}

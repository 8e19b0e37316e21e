import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';

/** A socket that speaks bytes, not y-websocket: what an attacker or a broken client holds. */
export interface RawSocket {
  socket: WebSocket;
  received: Uint8Array[];
  closed: Promise<number>;
}

/** Opens a raw socket on a document with an API token; it records what the server sends and how it closes. */
export async function openRawSocket(collabUrl: string, documentName: string, token: string): Promise<RawSocket> {
  const socket = new WebSocket(`${collabUrl}/${documentName}?token=${token}`);
  socket.binaryType = 'arraybuffer';
  const received: Uint8Array[] = [];
  socket.on('message', (data) => received.push(new Uint8Array(data as ArrayBuffer)));
  // Refusing a large frame may reset the connection under a sender still writing; 'close' follows anyway.
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
  });
  return { socket, received, closed };
}

/** The bytes an encoder writes. */
export function encode(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A sync message (0 step 1, 1 step 2, 2 update) with its payload, as a client sends it. */
export function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** An awareness message with hand-written entries (states as JSON text), so that it can claim anything. */
export function awarenessMessage(entries: { clientId: number; clock: number; state: string }[]): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(
      e,
      encode((u) => {
        encoding.writeVarUint(u, entries.length);
        for (const entry of entries) {
          encoding.writeVarUint(u, entry.clientId);
          encoding.writeVarUint(u, entry.clock);
          encoding.writeVarString(u, entry.state);
        }
      }),
    );
  });
}

/** Whether a message from the server is a sync step 2 (the answer to a sync step 1). */
export const isSyncStep2 = (message: Uint8Array) => message[0] === 0 && message[1] === 1;

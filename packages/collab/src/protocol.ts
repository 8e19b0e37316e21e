import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as string from 'lib0/string';
import * as Y from 'yjs';

// Message ids of the y-websocket protocol (y-protocols PROTOCOL.md): a varUint type, then its payload.
export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;

// Sub-types of messageSync.
export const syncStep1 = 0;
export const syncStep2 = 1;
export const syncUpdate = 2;

/** A message from a client, decoded but not yet applied. */
export type ClientMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/** A message that does not follow the protocol; the connection that sent it is closed. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/**
 * Decodes one client message. Throws ProtocolError on truncated input, unknown types and trailing
 * bytes: the stock client sends exactly one message per frame, so anything else is not a client of ours.
 */
export function readClientMessage(data: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(data);
  let message: ClientMessage;
  try {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case messageSync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === syncStep1) message = { type: 'sync-step-1', stateVector: payload };
        else if (step === syncStep2) message = { type: 'sync-step-2', update: payload };
        else if (step === syncUpdate) message = { type: 'update', update: payload };
        else throw new ProtocolError(`unknown sync step ${step}`);
        break;
      }
      case messageAwareness:
        message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case messageQueryAwareness:
        message = { type: 'query-awareness' };
        break;
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(`truncated message: ${(error as Error).message}`);
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after message');
  return message;
}

/** Writes sync step 1: our state vector (of `doc`, or as given), asking the client for what we lack. */
export function writeSyncStep1(encoder: encoding.Encoder, doc: Y.Doc | Uint8Array): void {
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncStep1);
  encoding.writeVarUint8Array(encoder, doc instanceof Uint8Array ? doc : Y.encodeStateVector(doc));
}

/**
 * Writes sync step 2: everything that a peer with `stateVector` lacks, of `doc` or of a whole state given as one
 * update (Yjs V1).
 */
export function writeSyncStep2(encoder: encoding.Encoder, doc: Y.Doc | Uint8Array, stateVector: Uint8Array): void {
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncStep2);
  // A client that has nothing gets the whole state: given as bytes, it is sent as it is.
  const update =
    doc instanceof Uint8Array
      ? Y.decodeStateVector(stateVector).size === 0
        ? doc
        : Y.diffUpdate(doc, stateVector)
      : Y.encodeStateAsUpdate(doc, stateVector);
  encoding.writeVarUint8Array(encoder, update);
}

/** Writes an incremental document update. */
export function writeUpdate(encoder: encoding.Encoder, update: Uint8Array): void {
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncUpdate);
  encoding.writeVarUint8Array(encoder, update);
}

/** Writes an awareness update (as produced by encodeAwarenessUpdate). */
export function writeAwareness(encoder: encoding.Encoder, update: Uint8Array): void {
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, update);
}

/** Encodes one message with a writer, for callers that send it as it is. */
export function encodeMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** One client's presence in an awareness update: its id, its clock, and its state as JSON ('null' when gone). */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

/**
 * Reads the entries of an awareness update, so that the room can leave out those that would overwrite
 * another connection's presence. Throws ProtocolError when malformed, including a kept state that is not JSON:
 * parsed here, y-protocols never meets a bad one half-way through an update. Entries whose state takes more
 * than `maxStateBytes` are left out unparsed: a presence is a cursor and a name, and parsing megabytes is the cost.
 * Entries that `keep` refuses are skipped unread too: the stock client echoes every presence it receives, so with
 * 200 people a socket sends hundreds of others' states a second, none of which the room will use.
 */
export function readAwarenessEntries(
  update: Uint8Array,
  maxStateBytes = Number.POSITIVE_INFINITY,
  keep: (clientId: number, removal: boolean) => boolean = () => true,
): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const bytes = decoding.readVarUint8Array(decoder);
      if (bytes.byteLength > maxStateBytes || !keep(clientId, isNullState(bytes))) continue;
      const state = string.decodeUtf8(bytes);
      JSON.parse(state);
      entries.push({ clientId, clock, state });
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after awareness update');
    return entries;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(`malformed awareness update: ${(error as Error).message}`);
  }
}

/** Whether a state's bytes are the JSON `null` that removes a presence. */
function isNullState(bytes: Uint8Array): boolean {
  return bytes.byteLength === 4 && bytes[0] === 0x6e && bytes[1] === 0x75 && bytes[2] === 0x6c && bytes[3] === 0x6c;
}

/** Encodes awareness entries as an awareness update (the inverse of readAwarenessEntries). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}

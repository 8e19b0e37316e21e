import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeAwarenessEntries, ProtocolError, readAwarenessEntries, readClientMessage } from './protocol.ts';

const readAwarenessClientIds = (update: Uint8Array) => readAwarenessEntries(update).map((entry) => entry.clientId);

/** Encodes a message with lib0 directly, as a client does, rather than with the writers of protocol.ts. */
function encode(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });
}

function awarenessMessage(update: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A copy of the first `length` bytes: a fresh buffer, as a WebSocket frame arrives, so no read can run past it. */
function cut(data: Uint8Array, length: number): Uint8Array {
  return data.slice(0, length);
}

function withTrailingByte(data: Uint8Array): Uint8Array {
  return Uint8Array.from([...data, 0]);
}

/** Runs `read` and checks that it threw a ProtocolError whose message matches `reason`. */
function expectProtocolError(read: () => unknown, reason: RegExp): void {
  let thrown: unknown;
  try {
    read();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ProtocolError);
  expect((thrown as Error).message).toMatch(reason);
}

/** A y-protocols Awareness with a presence; destroy it to stop its timer. */
function presence(name: string): awarenessProtocol.Awareness {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalStateField('user', { name, color: '#1f77b4' });
  return awareness;
}

/** One entry of an awareness update, written by hand so that it can be wrong. */
function writeAwarenessEntry(encoder: encoding.Encoder, clientId: number, clock: number, state: string): void {
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, state);
}

const doc = new Y.Doc();
doc.getText('content').insert(0, 'Netwerkdag Utrecht');
const stateVector = Y.encodeStateVector(doc);
const update = Y.encodeStateAsUpdate(doc);
const anna = presence('Anna');
const annaUpdate = awarenessProtocol.encodeAwarenessUpdate(anna, [anna.clientID]);
anna.destroy();

const validMessages: [string, Uint8Array][] = [
  ['a sync step 1 message', syncMessage(0, stateVector)],
  ['a sync step 2 message', syncMessage(1, update)],
  ['an update message', syncMessage(2, update)],
  ['an awareness message', awarenessMessage(annaUpdate)],
  ['a query-awareness message', Uint8Array.of(3)],
];

describe('readClientMessage', () => {
  it('reads sync step 1 with its state vector', () => {
    expect(readClientMessage(syncMessage(0, stateVector))).toEqual({ type: 'sync-step-1', stateVector });
  });

  it('reads sync step 2 with its update', () => {
    expect(readClientMessage(syncMessage(1, update))).toEqual({ type: 'sync-step-2', update });
  });

  it('reads an incremental update', () => {
    expect(readClientMessage(syncMessage(2, update))).toEqual({ type: 'update', update });
  });

  it('reads an awareness update', () => {
    expect(readClientMessage(awarenessMessage(annaUpdate))).toEqual({ type: 'awareness', update: annaUpdate });
  });

  it('reads a query for awareness', () => {
    expect(readClientMessage(encode((e) => encoding.writeVarUint(e, 3)))).toEqual({ type: 'query-awareness' });
  });

  it.each(validMessages)('refuses %s cut short at any length', (_kind, data) => {
    for (let length = 0; length < data.length; length++) {
      expect(() => readClientMessage(cut(data, length)), `cut to ${length} of ${data.length} bytes`).toThrow(
        ProtocolError,
      );
    }
  });

  it('refuses empty input', () => {
    expectProtocolError(() => readClientMessage(new Uint8Array()), /truncated/);
  });

  it.each([
    ['99', [99]],
    ['2, auth, which only a server sends', [2, 0]],
    ['128, written as a two-byte varUint', [0x80, 0x01]],
  ])('refuses unknown message type %s', (_type, bytes) => {
    expectProtocolError(() => readClientMessage(Uint8Array.from(bytes)), /unknown message type/);
  });

  it('refuses an unknown sync step', () => {
    expectProtocolError(() => readClientMessage(syncMessage(7, update)), /unknown sync step 7/);
  });

  it.each(validMessages)('refuses %s followed by trailing bytes', (_kind, data) => {
    expectProtocolError(() => readClientMessage(withTrailingByte(data)), /trailing bytes/);
  });
});

describe('readAwarenessEntries', () => {
  it('reads the client id of a real awareness update', () => {
    expect(readAwarenessClientIds(annaUpdate)).toEqual([anna.clientID]);
  });

  it('reads every client id of an update that speaks for several clients', () => {
    const bram = presence('Bram');
    const cas = presence('Cas');
    // Bram learns of Cas, as a client does from the server, and then forwards both presences.
    const fromCas = awarenessProtocol.encodeAwarenessUpdate(cas, [cas.clientID]);
    awarenessProtocol.applyAwarenessUpdate(bram, fromCas, 'server');
    const both = awarenessProtocol.encodeAwarenessUpdate(bram, [bram.clientID, cas.clientID]);
    bram.destroy();
    cas.destroy();
    expect(readAwarenessClientIds(both)).toEqual([bram.clientID, cas.clientID]);
  });

  it('reads the client id of an update that removes a presence', () => {
    const bram = presence('Bram');
    bram.setLocalState(null);
    const removal = awarenessProtocol.encodeAwarenessUpdate(bram, [bram.clientID]);
    bram.destroy();
    expect(readAwarenessClientIds(removal)).toEqual([bram.clientID]);
  });

  // Parsing the state here keeps y-protocols from meeting a bad one half-way through an update.
  it('refuses an update whose state is not JSON', () => {
    const badState = encode((e) => {
      encoding.writeVarUint(e, 1);
      writeAwarenessEntry(e, 42, 1, '{"user": {"name": "Anna"');
    });
    expectProtocolError(() => readAwarenessClientIds(badState), /malformed awareness update/);
  });

  it('refuses an update cut short at any length', () => {
    for (let length = 0; length < annaUpdate.length; length++) {
      expect(() => readAwarenessClientIds(cut(annaUpdate, length)), `cut to ${length} bytes`).toThrow(ProtocolError);
    }
  });

  it('refuses an update that claims more entries than it holds', () => {
    const short = encode((e) => {
      encoding.writeVarUint(e, 2);
      writeAwarenessEntry(e, 42, 1, '{}');
    });
    expectProtocolError(() => readAwarenessClientIds(short), /malformed awareness update/);
  });

  it('refuses an update followed by trailing bytes', () => {
    expectProtocolError(() => readAwarenessClientIds(withTrailingByte(annaUpdate)), /trailing bytes/);
  });
});

describe('encodeAwarenessEntries', () => {
  it('writes back exactly what readAwarenessEntries read', () => {
    const anna = new awarenessProtocol.Awareness(new Y.Doc());
    anna.setLocalStateField('user', { name: 'Anna', color: '#1f77b4' });
    const update = awarenessProtocol.encodeAwarenessUpdate(anna, [anna.clientID]);
    expect(encodeAwarenessEntries(readAwarenessEntries(update))).toEqual(update);
    anna.destroy();
  });
});

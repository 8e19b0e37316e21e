import { CloseCode } from '@klankbord/collab';
import { waitFor } from '@klankbord/testing';
import * as prng from 'lib0/prng';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { type Client, connectClient } from './support/clients.ts';
import { awarenessMessage, isSyncStep2, openRawSocket, type RawSocket, syncMessage } from './support/raw-socket.ts';
import { READ_TOKEN, removeDataDir, startTestServer, type TestServer, WRITE_TOKEN } from './support/server.ts';

const ATTACKED = 'notes:ngs:attacked';
const BYSTANDERS = 'notes:ngs:bystanders';
const KNOWN_TEXT = 'Netwerkdag Utrecht, 12 juni';

/** The code the server closed the socket with; fails if it stays open. */
async function closedWith(raw: RawSocket, timeoutMs = 5000): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([raw.closed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A valid Yjs update inserting `text` into the 'content' text that stock clients edit. */
function textUpdate(text: string, clientId = 777): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  doc.getText('content').insert(0, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

const isUpdate = (message: Uint8Array) => message[0] === 0 && message[1] === 2;

/** Frames of random bytes, from a fixed seed so that a failure can be replayed. */
function randomFrames(seed: number): Uint8Array[] {
  const gen = prng.create(seed);
  return [2, 3, 5, 16, 100, 1000, 4000].flatMap((size) => Array.from({ length: 8 }, () => prng.uint8Array(gen, size)));
}

/** Well-formed sync-update frames whose payload is random bytes, which Y.decodeUpdate must refuse. */
function garbageUpdateFrames(seed: number): Uint8Array[] {
  const gen = prng.create(seed);
  return [8, 64, 512].map((size) => syncMessage(2, prng.uint8Array(gen, size)));
}

const forbiddenUpdate = syncMessage(2, textUpdate('Verboden tekst'));

interface HostileInput {
  frames: (Uint8Array | string)[];
  closeCode: number;
  env?: Record<string, string>;
}

const hostileInputs: [string, HostileInput][] = [
  [
    'a sync update cut short',
    {
      frames: [1, 2, 3, forbiddenUpdate.length >> 1, forbiddenUpdate.length - 1].map((length) =>
        forbiddenUpdate.slice(0, length),
      ),
      closeCode: CloseCode.malformedMessage,
    },
  ],
  ['an unknown message type', { frames: [Uint8Array.of(99)], closeCode: CloseCode.malformedMessage }],
  ['an unknown sync step', { frames: [Uint8Array.of(0, 7, 1, 0)], closeCode: CloseCode.malformedMessage }],
  [
    'a valid update followed by trailing bytes',
    { frames: [Uint8Array.from([...forbiddenUpdate, 0])], closeCode: CloseCode.malformedMessage },
  ],
  ['an update of garbage bytes', { frames: garbageUpdateFrames(1007), closeCode: CloseCode.malformedMessage }],
  ['random bytes', { frames: randomFrames(20250612), closeCode: CloseCode.malformedMessage }],
  ['a text frame', { frames: ['{"type":"update"}'], closeCode: CloseCode.malformedMessage }],
  [
    'a valid update larger than the maximum message size',
    {
      frames: [syncMessage(2, textUpdate('x'.repeat(70_000)))],
      closeCode: CloseCode.messageTooBig,
      env: { COLLAB_MAX_MESSAGE_BYTES: '65536' },
    },
  ],
];

describe('hostile input on the collaboration socket', { timeout: 30_000 }, () => {
  let server: TestServer | undefined;
  const clients: Client[] = [];
  const rawSockets: RawSocket[] = [];

  const connect = async (name: string) => {
    const client = await connectClient(server!.collabUrl, name);
    clients.push(client);
    return client;
  };
  const openRaw = async (name: string, token = WRITE_TOKEN) => {
    const raw = await openRawSocket(server!.collabUrl, name, token);
    rawSockets.push(raw);
    return raw;
  };
  /** What a client joining now receives of a document, as an update that can be compared byte for byte. */
  const currentState = async (name: string) => {
    const fresh = await connect(name);
    return { text: fresh.text.toString(), update: Y.encodeStateAsUpdate(fresh.doc) };
  };
  /** A writer puts KNOWN_TEXT in the attacked document; returns the state a joining client then gets. */
  const writeKnownText = async () => {
    const writer = await connect(ATTACKED);
    const witness = await connect(ATTACKED);
    writer.text.insert(0, KNOWN_TEXT);
    await waitFor(() => witness.text.toString() === KNOWN_TEXT, 'the witness to receive the known text');
    return currentState(ATTACKED);
  };

  afterEach(async () => {
    for (const raw of rawSockets.splice(0)) raw.socket.terminate();
    for (const client of clients.splice(0)) client.destroy();
    if (server) {
      await server.close();
      removeDataDir(server.dataDir);
      server = undefined;
    }
  });

  it.each(hostileInputs)(
    'closes a socket that sends %s, and leaves the server, other rooms and the document intact',
    async (_input, { frames, closeCode, env }) => {
      server = await startTestServer({ env: env ?? {} });
      const before = await writeKnownText();
      const tilburg = await connect(BYSTANDERS);
      const breda = await connect(BYSTANDERS);

      for (const [index, frame] of frames.entries()) {
        const attacker = await openRaw(ATTACKED);
        attacker.socket.send(frame);
        expect(await closedWith(attacker), `close code for frame ${index}`).toBe(closeCode);
      }

      const health = await fetch(`${server.httpUrl}/healthz`);
      expect(health.status).toBe(200);

      tilburg.text.insert(0, 'Tilburg');
      breda.text.insert(0, 'Breda');
      await waitFor(
        () => tilburg.text.toString() === breda.text.toString() && tilburg.text.length === 12,
        'the bystanders to converge',
      );

      const after = await currentState(ATTACKED);
      expect(after.text).toBe(KNOWN_TEXT);
      expect(after.update).toEqual(before.update);
    },
  );

  it.each([
    ['overwrite', JSON.stringify({ user: { name: 'Mallory' } })],
    ['remove', 'null'],
  ])('ignores an awareness update from another client that would %s a presence', async (_verb, state) => {
    server = await startTestServer();
    const anna = await connect(ATTACKED);
    const observer = await connect(ATTACKED);
    const annaId = anna.doc.clientID;
    const annaSeenBy = (client: Client) => client.provider.awareness.getStates().get(annaId);
    // The server names a presence after the account, so the colour tells Anna's own state apart.
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna', color: '#1f77b4' });
    await waitFor(() => annaSeenBy(observer)?.user?.color === '#1f77b4', 'the observer to see Anna');

    // The read-only token gives the attacker another client key than Anna's, so it may not speak for her.
    const attacker = await openRaw(ATTACKED, READ_TOKEN);
    const annaClock = anna.provider.awareness.meta.get(annaId)!.clock;
    attacker.socket.send(awarenessMessage([{ clientId: annaId, clock: annaClock + 1, state }]));

    // Had the attack been applied, it would have taken Anna's next clock, and this change would be ignored.
    anna.provider.awareness.setLocalStateField('cursor', 7);
    await waitFor(() => annaSeenBy(observer)?.cursor === 7, "the observer to see Anna's cursor");
    expect(annaSeenBy(observer)?.user?.color).toBe('#1f77b4');
    // Stock clients echo presences they receive, so such an entry is dropped, not punished with a close.
    expect(attacker.socket.readyState).toBe(attacker.socket.OPEN);
  });

  it('drops updates from a read-only connection without closing it, so no client and no restart sees them', async () => {
    server = await startTestServer();
    const writer = await connect(ATTACKED);
    const colleague = await connect(ATTACKED);
    writer.text.insert(0, 'Agenda');
    await waitFor(() => colleague.text.toString() === 'Agenda', 'the colleague to receive the agenda');

    const reader = await openRaw(ATTACKED, READ_TOKEN);
    reader.socket.send(forbiddenUpdate);
    reader.socket.send(syncMessage(1, textUpdate('Verboden tekst')));
    // The answer to sync step 1 comes after the updates before it were handled.
    reader.socket.send(syncMessage(0, Y.encodeStateVector(new Y.Doc())));
    await waitFor(() => reader.received.some(isSyncStep2), 'the server to answer the reader');

    writer.text.insert(writer.text.length, ' met marker');
    await waitFor(() => colleague.text.toString().endsWith('marker'), 'the colleague to receive the marker');
    await waitFor(() => reader.received.some(isUpdate), 'the reader to receive the marker');
    expect(colleague.text.toString()).toBe('Agenda met marker');
    expect(reader.socket.readyState).toBe(WebSocket.OPEN);

    const fresh = await connect(ATTACKED);
    expect(fresh.text.toString()).toBe('Agenda met marker');
    expect(Y.decodeStateVector(Y.encodeStateVector(fresh.doc)).has(777)).toBe(false);

    await server.close();
    server = await startTestServer({ dataDir: server.dataDir });
    const afterRestart = await connect(ATTACKED);
    expect(afterRestart.text.toString()).toBe('Agenda met marker');
    expect(Y.decodeStateVector(Y.encodeStateVector(afterRestart.doc)).has(777)).toBe(false);
  });

  // A bad state must be the client's fault (1007), found before y-protocols applies part of the update.
  it('closes with 1007 a socket whose awareness state is not JSON', async () => {
    server = await startTestServer();
    const attacker = await openRaw(ATTACKED);
    attacker.socket.send(awarenessMessage([{ clientId: 4242, clock: 1, state: '{"user": {"name": "Mallory"' }]));
    expect(await closedWith(attacker)).toBe(CloseCode.malformedMessage);
  });

  // Y.decodeUpdate accepts this update, but its second item names a right origin its client never wrote,
  // so Y.applyUpdate integrates 'N' and then throws. The room must discard the half-applied 'N'.
  it('leaves the document unchanged when an update decodes but cannot be applied', async () => {
    const content = [...new TextEncoder().encode('content')];
    const failsHalfway = Uint8Array.from([
      ...[1, 2, 7, 0], // one client; two structs of client 7, from clock 0
      ...[4, 1, content.length, ...content, 1, 78], // 'N' at the start of the root text 'content'
      ...[68, 7, 50, 1, 88], // 'X', whose right origin is client 7 clock 50: past everything it wrote
      0, // an empty delete set
    ]);
    server = await startTestServer();
    const before = await writeKnownText();

    const attacker = await openRaw(ATTACKED);
    attacker.socket.send(syncMessage(2, failsHalfway));
    expect(await closedWith(attacker)).toBe(CloseCode.malformedMessage);

    const after = await currentState(ATTACKED);
    expect(after.text).toBe(KNOWN_TEXT);
    expect(after.update).toEqual(before.update);
  });
});

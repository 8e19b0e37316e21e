import { CloseCode } from '@klankbord/collab';
import { waitFor } from '@klankbord/testing';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Client, connectClient, roundTrip } from './support/clients.ts';
import { awarenessMessage, encode, isSyncStep2, openRawSocket, type RawSocket } from './support/raw-socket.ts';
import { READ_TOKEN, type TestServer, WRITE_TOKEN } from './support/server.ts';
import { useTestServer } from './support/use-server.ts';

// Free-standing notes: the deelnemer writes them and the gast reads them, without a meeting to arrange.
const DOCUMENT = 'notes:ngs:bounds';

const openRaw = (server: TestServer, token: string, documentName = DOCUMENT) =>
  openRawSocket(server.collabUrl, documentName, token);

const syncStep1 = encode((e) => {
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
});

/** An awareness message with hand-written entries, so that it can claim any client id and any state. */
const presences = (entries: { clientId: number; clock: number; state: unknown }[]) =>
  awarenessMessage(entries.map((entry) => ({ ...entry, state: JSON.stringify(entry.state) })));

const isAwareness = (message: Uint8Array) => message[0] === 1;

/** Sends a sync step 1 and waits for its answer: the server has then handled everything sent before it. */
async function rawRoundTrip(raw: RawSocket): Promise<void> {
  const answers = raw.received.filter(isSyncStep2).length;
  raw.socket.send(syncStep1);
  await waitFor(() => raw.received.filter(isSyncStep2).length > answers, 'the server to answer a sync step 1');
}

/** The presence (awareness state) a client holds for another client id. */
const presenceOf = (client: Client, clientId: number) =>
  client.provider.awareness.getStates().get(clientId) as { user?: { name?: string; color?: string } } | undefined;

describe('bounded resources on the collaboration socket', { timeout: 60_000 }, () => {
  const clients: Client[] = [];
  const rawSockets: RawSocket[] = [];
  const connect = async (token = WRITE_TOKEN, documentName = DOCUMENT) => {
    const client = await connectClient(use.server.collabUrl, documentName, { token });
    clients.push(client);
    return client;
  };
  const raw = async (token: string, documentName = DOCUMENT) => {
    const socket = await openRaw(use.server, token, documentName);
    rawSockets.push(socket);
    return socket;
  };

  // The notes exist before each test, as a network’s notes do: a writer opens them first, then leaves.
  const use = useTestServer(
    async (server) => {
      const writer = await connectClient(server.collabUrl, DOCUMENT);
      writer.destroy();
      await waitFor(() => server.collab.connectionsTo(DOCUMENT) === 0, 'the first writer to leave');
    },
    {
      perTest: true,
      env: { COLLAB_MAX_BUFFERED_BYTES: String(64 * 1024), COLLAB_MAX_CONNECTIONS_PER_DOCUMENT: '4' },
    },
  );
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
    for (const { socket } of rawSockets.splice(0)) socket.terminate();
  });

  it('drops a reader that stops reading while a writer floods, and the writer carries on', async () => {
    const writer = await connect();
    const reader = await raw(READ_TOKEN);
    await rawRoundTrip(reader);
    (reader.socket as unknown as { _socket: { pause(): void } })._socket.pause();

    // More than the kernel's socket buffers and the budget together; on loopback those hold a few MiB.
    const chunk = 'x'.repeat(64 * 1024);
    for (let sent = 0; use.server.collab.connectionsTo(DOCUMENT) > 1 && sent < 1000; sent++) {
      writer.text.insert(writer.text.length, chunk);
      expect(await roundTrip(writer)).toBe('answered');
    }
    expect(use.server.collab.connectionsTo(DOCUMENT)).toBe(1);

    // No close frame reaches it: that frame would have queued behind the very backlog the server had to free.
    (reader.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await reader.closed).toBe(1006);
    expect(writer.provider.wsconnected).toBe(true);
    const again = await connect(READ_TOKEN);
    expect(again.text.length).toBe(writer.text.length);
  });

  it('keeps one presence per socket, however many client ids it publishes', async () => {
    const observer = await connect(READ_TOKEN);
    const attacker = await raw(WRITE_TOKEN);
    attacker.socket.send(presences([{ clientId: 1001, clock: 1, state: { user: { color: '#c00' } } }]));
    attacker.socket.send(presences([{ clientId: 1002, clock: 1, state: { user: { color: '#0c0' } } }]));
    const many = Array.from({ length: 20_000 }, (_, i) => ({ clientId: 5000 + i, clock: 1, state: {} }));
    attacker.socket.send(presences(many));
    // Its own presence again: once the observer has it, the server has handled every message before it.
    attacker.socket.send(presences([{ clientId: 1001, clock: 2, state: { user: { color: '#00c' } } }]));
    await waitFor(() => presenceOf(observer, 1001)?.user?.color === '#00c', 'the attacker’s last presence');
    const ids = [...observer.provider.awareness.getStates().keys()];
    expect(ids.sort((a, b) => a - b)).toEqual([1001, observer.doc.clientID].sort((a, b) => a - b));
  });

  it('lets no socket remove or overwrite another’s presence, and tolerates the stock client’s echoes', async () => {
    const anna = await connect();
    const bram = await connect(READ_TOKEN);
    anna.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
    await waitFor(() => presenceOf(bram, anna.doc.clientID) !== undefined, 'bram to see anna');
    const attacker = await raw(WRITE_TOKEN);
    attacker.socket.send(presences([{ clientId: 1003, clock: 1, state: {} }]));
    attacker.socket.send(presences([{ clientId: anna.doc.clientID, clock: 99, state: null }]));
    attacker.socket.send(presences([{ clientId: 1003, clock: 2, state: { done: true } }]));
    await waitFor(() => (presenceOf(bram, 1003) as { done?: boolean })?.done === true, 'the attacker’s marker');
    expect(presenceOf(bram, anna.doc.clientID)).toBeDefined();
    // Both stock clients echoed each other's presences all along, and neither was closed for it.
    expect(await roundTrip(anna)).toBe('answered');
    expect(await roundTrip(bram)).toBe('answered');
  });

  it('shows nobody a presence larger than the maximum', async () => {
    const observer = await connect(READ_TOKEN);
    const seen: unknown[] = [];
    observer.provider.awareness.on('change', () => seen.push(...observer.provider.awareness.getStates().values()));
    const gast = await raw(READ_TOKEN);
    gast.socket.send(presences([{ clientId: 77, clock: 1, state: { user: { bio: 'x'.repeat(8 * 1024) } } }]));
    gast.socket.send(presences([{ clientId: 77, clock: 2, state: { small: true } }]));
    await waitFor(() => (presenceOf(observer, 77) as { small?: boolean })?.small === true, 'the small presence');
    expect(JSON.stringify(seen)).not.toContain('x'.repeat(8 * 1024));
  });

  it('answers a flood of query-awareness only a bounded number of times', async () => {
    const gast = await raw(READ_TOKEN);
    for (let i = 0; i < 100; i++) gast.socket.send(Uint8Array.of(3));
    await rawRoundTrip(gast);
    const answers = gast.received.filter(isAwareness).length;
    expect(answers).toBeGreaterThan(0);
    expect(answers).toBeLessThanOrEqual(2);
  });

  it('applies a burst of presence updates at a bounded rate, ending with the latest', async () => {
    const observer = await connect(READ_TOKEN);
    let updates = 0;
    observer.provider.awareness.on('update', ({ updated, added }: { updated: number[]; added: number[] }) => {
      if ([...updated, ...added].includes(2024)) updates++;
    });
    const attacker = await raw(WRITE_TOKEN);
    for (let clock = 1; clock <= 400; clock++)
      attacker.socket.send(presences([{ clientId: 2024, clock, state: { clock } }]));
    await waitFor(() => (presenceOf(observer, 2024) as { clock?: number })?.clock === 400, 'the latest presence');
    expect(updates).toBeLessThan(400);
  });

  it('names a presence after the account, whatever name the client claims', async () => {
    const writer = await connect();
    const gast = await connect(READ_TOKEN);
    writer.provider.awareness.setLocalStateField('user', { name: 'De burgemeester', color: '#ff7700' });
    gast.provider.awareness.setLocalStateField('user', { name: 'deelnemer', color: '#0077ff' });
    await waitFor(() => presenceOf(gast, writer.doc.clientID)?.user?.color === '#ff7700', 'the writer’s presence');
    await waitFor(() => presenceOf(writer, gast.doc.clientID)?.user?.color === '#0077ff', 'the gast’s presence');
    expect(presenceOf(gast, writer.doc.clientID)?.user).toEqual({ name: 'deelnemer', color: '#ff7700' });
    expect(presenceOf(writer, gast.doc.clientID)?.user).toEqual({ name: 'gast', color: '#0077ff' });
  });

  it('closes connections beyond the cap of a document with try-again-later, and the stock client gets in later', async () => {
    const first = await connect();
    for (let i = 0; i < 3; i++) await connect(READ_TOKEN);
    const refused = await raw(WRITE_TOKEN);
    expect(await refused.closed).toBe(CloseCode.documentFull);
    // Another document is not affected.
    await connect(WRITE_TOKEN, 'notes:ngs:elsewhere');

    const late = await connectClient(use.server.collabUrl, DOCUMENT, { waitForSync: false });
    clients.push(late);
    clients.splice(clients.indexOf(first), 1);
    first.destroy();
    await waitFor(() => late.provider.synced, 'the late client to get in once there is room');
  });
});

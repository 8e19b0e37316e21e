import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countUpdates, type Db, findDocument, loadDocumentState, openDatabase, segmentSize } from '@klankbord/db';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Connection } from './connection.ts';
import { encodeMessage, messageSync, writeSyncStep1, writeUpdate } from './protocol.ts';
import type { DocumentChange, Room } from './room.ts';
import { CollabServer, type CollabServerOptions } from './server.ts';
import { storedDocument } from './stored-state.ts';

/**
 * A client speaking the y-websocket sync protocol with y-protocols, wired to the core through an in-memory
 * transport: the core is transport-free, and the WebSocket path is covered by apps/server's tests.
 */
class MemoryClient {
  readonly doc = new Y.Doc();
  readonly closes: number[] = [];
  /** Bytes the client's socket holds unsent, as the test sets it: what a client that stops reading piles up. */
  unread = 0;
  terminated = false;
  /** Sync messages of type update received: one per frame the server broadcast to this client. */
  updateFrames = 0;
  connection!: Connection;

  constructor(server: CollabServer<null>, documentName: string, copy?: Uint8Array) {
    // A copy kept from an earlier visit, as a returning client's provider has it.
    if (copy) Y.applyUpdate(this.doc, copy);
    this.connection = server.connect({
      documentName,
      access: 'write',
      clientKey: `client-${this.doc.clientID}`,
      transport: {
        send: (data) => this.receive(data),
        close: (code) => this.closes.push(code),
        bufferedBytes: () => this.unread,
        terminate: () => {
          this.terminated = true;
        },
      },
    });
    this.send((e) => syncProtocol.writeSyncStep1(e, this.doc));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.send((e) => syncProtocol.writeUpdate(e, update));
    });
  }

  get text(): string {
    return this.doc.getText('content').toString();
  }

  private send(write: (encoder: encoding.Encoder) => void): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    write(encoder);
    this.connection.receive(encoding.toUint8Array(encoder));
  }

  private receive(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== messageSync) return;
    if (decoding.peekVarUint(decoder) === syncProtocol.messageYjsUpdate) this.updateFrames++;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, messageSync);
    syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
    if (encoding.length(reply) > 1) this.connection.receive(encoding.toUint8Array(reply));
  }
}

class SnapshotReads implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('document_snapshots')) this.count++;
    return node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('CollabServer', () => {
  let dir: string;
  let db: Db;
  let server: CollabServer<null>;

  const start = (options: Partial<CollabServerOptions<null>> = {}) => {
    server = new CollabServer<null>({ db, authorise: () => 'write', ...options });
    return server;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klankbord-collab-'));
    db = await openDatabase({ file: join(dir, 'klankbord.sqlite') });
  });
  afterEach(async () => {
    await server.close();
    await db.destroy().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads a document once when many clients connect at the same moment', async () => {
    const reads = new SnapshotReads();
    start({ db: db.withPlugin(reads) });
    const clients = Array.from({ length: 20 }, () => new MemoryClient(server, 'programme:ngs:1'));
    clients[0]?.doc.getText('content').insert(0, 'Opening door de voorzitter');
    await until(() => clients.every((c) => c.text === 'Opening door de voorzitter'), 'all clients to sync');
    expect(reads.count).toBe(1);
    expect(server.openRooms).toBe(1);
  });

  it('sends the updates of one commit to each member as one merged frame, and none back to their writer', async () => {
    start();
    const writer = new MemoryClient(server, 'notes:ngs:merge');
    const reader = new MemoryClient(server, 'notes:ngs:merge');
    await until(() => server.openRooms === 1, 'the room to load');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = { writer: writer.updateFrames, reader: reader.updateFrames };
    // Fifty keystrokes in one turn of the event loop: fifty updates, one group commit.
    for (let i = 0; i < 50; i++) writer.doc.getText('content').insert(i, String(i % 10));
    await until(() => reader.text === writer.text, 'the reader to receive the edits');
    expect(reader.updateFrames - before.reader).toBe(1);
    expect(writer.updateFrames - before.writer).toBe(0);
  });

  it('neither stores nor sends an update it already has', async () => {
    start();
    const writer = new MemoryClient(server, 'notes:ngs:resent');
    const reader = new MemoryClient(server, 'notes:ngs:resent');
    const updates: Uint8Array[] = [];
    writer.doc.on('update', (update: Uint8Array) => updates.push(update));
    writer.doc.getText('content').insert(0, 'Opening');
    await until(() => reader.text === 'Opening', 'the edit to arrive');
    const document = await findDocument(db, 'notes:ngs:resent');
    const stored = await countUpdates(db, document!.id);
    const frames = reader.updateFrames;
    writer.connection.receive(encodeMessage((e) => writeUpdate(e, updates[0]!)));
    writer.connection.receive(encodeMessage((e) => writeSyncStep1(e, writer.doc)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await countUpdates(db, document!.id)).toBe(stored);
    expect(reader.updateFrames).toBe(frames);
  });

  it('stores an update whose predecessor it has not seen yet, so the text is whole once that arrives', async () => {
    start();
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on('update', (update: Uint8Array) => updates.push(update));
    author.getText('content').insert(0, 'Netwerkdag ');
    author.getText('content').insert(11, 'Utrecht');
    const first = new MemoryClient(server, 'notes:ngs:pending');
    first.connection.receive(encodeMessage((e) => writeUpdate(e, updates[1]!)));
    // Logged as it came, before the room could integrate it: durable even if the server dies now.
    await until(async () => {
      const document = await findDocument(db, 'notes:ngs:pending');
      return document !== undefined && (await countUpdates(db, document.id)) === 1;
    }, 'the update to be stored');
    expect(first.text).toBe('');
    // A restart: the room is built again from the database, holding the second update as pending.
    await server.close();
    start();
    const second = new MemoryClient(server, 'notes:ngs:pending');
    second.connection.receive(encodeMessage((e) => writeUpdate(e, updates[0]!)));
    const reader = new MemoryClient(server, 'notes:ngs:pending');
    await until(() => reader.text === 'Netwerkdag Utrecht', 'the whole text');
  });

  it('runs the change hook once edits pause, after they are committed', async () => {
    const changes: { text: string; logged: number }[] = [];
    start({
      changeDebounceMs: 30,
      onChange: async (change: DocumentChange) => {
        changes.push({
          text: change.doc.getText('content').toString(),
          logged: await countUpdates(db, change.documentId),
        });
      },
    });
    const client = new MemoryClient(server, 'notes:ngs:1');
    for (let i = 0; i < 50; i++) client.doc.getText('content').insert(i, 'x');
    await until(() => changes.length > 0, 'the change hook');
    expect(changes).toEqual([{ text: 'x'.repeat(50), logged: 50 }]);
  });

  it('compacts and unloads a room after its last client has left', async () => {
    start({ unloadAfterMs: 10 });
    const client = new MemoryClient(server, 'report:ngs:1');
    for (let i = 0; i < 30; i++) client.doc.getText('content').insert(i, 'y');
    const document = await findDocument(db, 'report:ngs:1');
    await until(async () => (await countUpdates(db, document!.id)) === 30, 'the updates to be logged');
    client.connection.transportClosed();
    await until(() => server.openRooms === 0, 'the room to unload');
    await until(async () => (await countUpdates(db, document!.id)) === 0, 'the log to be compacted');
    const again = new MemoryClient(server, 'report:ngs:1');
    await until(() => again.text === 'y'.repeat(30), 'a new client to load the compacted document');
  });

  it('stores a large document as segments folded from its log, never re-encoding it whole, and loads it whole', async () => {
    start({ unloadAfterMs: 10 });
    const writer = new MemoryClient(server, 'report:ngs:large');
    const chunk = (i: number) => String(i % 10).repeat(100_000);
    // 8 MB in 100 KB steps: past the size below which the whole state is rewritten.
    for (let i = 0; i < 80; i++) {
      writer.doc.getText('content').insert(i * 100_000, chunk(i));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const document = await findDocument(db, 'report:ngs:large');
    await until(async () => (await loadDocumentState(db, document!.id)).segments.length > 1, 'segments to be folded');
    writer.connection.transportClosed();
    await until(() => server.openRooms === 0, 'the room to unload');
    const stored = await loadDocumentState(db, document!.id);
    expect(stored.updates).toEqual([]);
    // Folded and merged pieces of a few megabytes, not one 8 MB rewrite
    expect(stored.segments.length).toBeGreaterThan(1);
    // (the first is the whole state rewritten while it was still small).
    for (const segment of stored.segments) expect(segmentSize(segment)).toBeLessThan(5_000_000);
    await server.close();
    start();
    const reader = new MemoryClient(server, 'report:ngs:large');
    await until(() => reader.text.length === 8_000_000, 'the whole text after a restart');
    expect(reader.text).toBe(writer.text);
  });

  it('answers clients of a cold room from its stored state, a returning one with only what it lacks', async () => {
    start({ unloadAfterMs: 10 });
    const author = new MemoryClient(server, 'notes:ngs:cold');
    author.doc.getText('content').insert(0, 'Netwerkdag ');
    const earlier = Y.encodeStateAsUpdate(author.doc);
    author.doc.getText('content').insert(11, 'Utrecht');
    author.doc.getText('content').delete(0, 1);
    author.doc.getText('content').insert(0, 'N');
    await until(async () => {
      const document = await findDocument(db, 'notes:ngs:cold');
      return document !== undefined && (await countUpdates(db, document.id)) === 4;
    }, 'the edits to be stored');
    await server.close();
    start();
    // One client knows the first edit; another knows nothing. Both end with the whole text.
    const returning = new MemoryClient(server, 'notes:ngs:cold', earlier);
    const fresh = new MemoryClient(server, 'notes:ngs:cold');
    await until(() => returning.text === 'Netwerkdag Utrecht', 'the returning client to catch up');
    await until(() => fresh.text === 'Netwerkdag Utrecht', 'the fresh client to sync');
    // The room still takes edits, built from the same stored state.
    fresh.doc.getText('content').insert(18, ' 2026');
    await until(() => returning.text === 'Netwerkdag Utrecht 2026', 'an edit after a cold start to arrive');
  });

  it('drops a room whose updates cannot be stored, closing its connections', async () => {
    start();
    const client = new MemoryClient(server, 'notes:ngs:1');
    await until(() => server.openRooms === 1, 'the room to load');
    await db.destroy();
    client.doc.getText('content').insert(0, 'lost in the void');
    await until(() => client.closes.length > 0, 'the connection to close');
    expect(client.closes).toEqual([1011]);
    await until(() => server.openRooms === 0, 'the room to be dropped');
  });

  it('applies a server change to a document no client has open, durably, and unloads it afterwards', async () => {
    start({ unloadAfterMs: 10 });
    const length = await server.change('report:ngs:7', (doc) => {
      doc.getText('content').insert(0, 'Verslag van de netwerkdag');
      return doc.getText('content').length;
    });
    expect(length).toBe(25);
    const document = await findDocument(db, 'report:ngs:7');
    expect(await countUpdates(db, document!.id)).toBe(1);
    await until(() => server.openRooms === 0, 'the room to unload');
    const client = new MemoryClient(server, 'report:ngs:7');
    await until(() => client.text === 'Verslag van de netwerkdag', 'a client to load the change');
  });

  it('sends a server change to connected clients, merged with what they type meanwhile', async () => {
    start();
    const writer = new MemoryClient(server, 'report:ngs:8');
    const reader = new MemoryClient(server, 'report:ngs:8');
    writer.doc.getText('content').insert(0, 'Opening. ');
    const change = server.change('report:ngs:8', (doc) => {
      const text = doc.getText('content');
      text.insert(text.length, 'Afsluiting.');
    });
    writer.doc.getText('content').insert(0, 'Welkom. ');
    await change;
    await until(() => reader.text === writer.text && reader.text.length === 28, 'both clients to converge');
    expect(reader.text).toContain('Afsluiting.');
    const document = await findDocument(db, 'report:ngs:8');
    await until(async () => (await countUpdates(db, document!.id)) === 3, 'every change to be logged');
  });

  it('shows no client a server change that could not be stored, and reports the failure', async () => {
    start();
    const client = new MemoryClient(server, 'report:ngs:9');
    await until(() => server.openRooms === 1, 'the room to load');
    await db.destroy();
    await expect(server.change('report:ngs:9', (doc) => doc.getText('content').insert(0, 'kwijt'))).rejects.toThrow();
    expect(client.text).toBe('');
    expect(client.closes).toEqual([1011]);
  });

  it('closes a connection whose access was decided before an access change, so that it is decided again', async () => {
    start();
    const closes: number[] = [];
    const connect = (authorisedAt: number) =>
      server.connect({
        documentName: 'report:ngs:4',
        access: 'write',
        clientKey: `client-${authorisedAt}`,
        authorisedAt,
        transport: { send: () => {}, close: (code) => closes.push(code), bufferedBytes: () => 0, terminate: () => {} },
      });
    const decidedAt = server.accessEpoch;
    // The report is finalised while this client is being authorised: its sockets are closed, none of them this one.
    expect(server.closeConnections((info) => info.documentName === 'report:ngs:4', 4001, 'finalised')).toBe(0);
    expect(connect(decidedAt).closed).toBe(true);
    expect(closes).toEqual([4001]);
    // Authorised afresh, it stays.
    expect(connect(server.accessEpoch).closed).toBe(false);
    expect(closes).toEqual([4001]);
  });

  it('drops a connection that does not read, and keeps sending to one that does', async () => {
    start({ maxBufferedBytes: 1024 });
    const writer = new MemoryClient(server, 'notes:ngs:slow');
    const reader = new MemoryClient(server, 'notes:ngs:slow');
    await until(() => server.connectionsTo('notes:ngs:slow') === 2 && server.openRooms === 1, 'both to join');
    writer.doc.getText('content').insert(0, 'eerste');
    await until(() => reader.text === 'eerste', 'the reader to receive the first edit');
    // From now on its socket holds more than the budget unsent.
    reader.unread = 4096;
    writer.doc.getText('content').insert(6, ' tweede');
    await until(() => reader.connection.closed, 'the reader to be dropped');
    expect(reader.terminated).toBe(true);
    expect(reader.closes).toEqual([]);
    expect(writer.connection.closed).toBe(false);
    expect(server.connectionsTo('notes:ngs:slow')).toBe(1);
  });

  it('closes connections beyond the cap of a document, counting those still waiting for it to load', () => {
    start({ maxConnectionsPerDocument: 2 });
    const clients = Array.from({ length: 3 }, () => new MemoryClient(server, 'notes:ngs:full'));
    expect(clients.map((client) => client.closes)).toEqual([[], [], [1013]]);
    expect(new MemoryClient(server, 'notes:ngs:other').closes).toEqual([]);
    clients[0]?.connection.transportClosed();
    expect(new MemoryClient(server, 'notes:ngs:full').closes).toEqual([]);
  });

  it('leaves a newer room in place when an unloaded room of the same name is unloaded again', async () => {
    start();
    // Private: a late unload of an old room happens when a stale idle timer or the end of a change meets a reload.
    const internals = server as unknown as { open(name: string): Promise<Room>; unload(room: Room): void };
    const older = await internals.open('notes:ngs:reloaded');
    internals.unload(older);
    const newer = await internals.open('notes:ngs:reloaded');
    expect(newer).not.toBe(older);
    internals.unload(older);
    expect(server.openRooms).toBe(1);
    expect(await internals.open('notes:ngs:reloaded')).toBe(newer);
  });

  it('refuses an update that would make a document larger than its maximum, and keeps what was stored', async () => {
    start({ maxDocumentBytes: 4096 });
    const writer = new MemoryClient(server, 'notes:ngs:vol');
    const reader = new MemoryClient(server, 'notes:ngs:vol');
    writer.doc.getText('content').insert(0, 'Verslag van de netwerkdag. ');
    await until(() => reader.text === 'Verslag van de netwerkdag. ', 'the first edit to arrive');
    writer.doc.getText('content').insert(writer.text.length, 'x'.repeat(8000));
    expect(writer.closes).toEqual([4413]);
    expect(writer.connection.closed).toBe(true);
    // Nothing of it was applied, stored or sent: a client that joins now sees the text as it was.
    const late = new MemoryClient(server, 'notes:ngs:vol');
    await until(() => late.text === 'Verslag van de netwerkdag. ', 'the late client to sync');
    expect(reader.text).toBe('Verslag van de netwerkdag. ');
    const document = await findDocument(db, 'notes:ngs:vol');
    const stored = await loadDocumentState(db, document!.id);
    const copy = storedDocument(stored);
    expect(copy.getText('content').toString()).toBe('Verslag van de netwerkdag. ');
  });

  it('counts a stored document by its size as updates, not deflated: repeated text cannot slip past the maximum', async () => {
    start({ maxDocumentBytes: 16 * 1024, unloadAfterMs: 10 });
    const first = new MemoryClient(server, 'notes:ngs:repeated');
    first.doc.getText('content').insert(0, 'x'.repeat(12_000));
    await until(async () => {
      const found = await findDocument(db, 'notes:ngs:repeated');
      return found !== undefined && (await countUpdates(db, found.id)) === 1;
    }, 'the text to be stored');
    const document = await findDocument(db, 'notes:ngs:repeated');
    first.connection.transportClosed();
    await until(() => server.openRooms === 0, 'the room to unload');
    // Folded into one deflated segment of a few dozen bytes, which still counts as 12 KB.
    const [segment] = (await loadDocumentState(db, document!.id)).segments;
    expect(segment!.data.byteLength).toBeLessThan(1000);
    expect(segmentSize(segment!)).toBeGreaterThan(12_000);
    const second = new MemoryClient(server, 'notes:ngs:repeated');
    await until(() => second.text.length === 12_000, 'the stored text');
    second.doc.getText('content').insert(12_000, 'y'.repeat(8000));
    expect(second.closes).toEqual([4413]);
  });

  it('refuses malformed document names whatever the hook says', async () => {
    start();
    expect(await server.authorise('../secret', null)).toBe('none');
    expect(await server.authorise('programme:ngs:1', null)).toBe('write');
  });
});

/**
 * A client process of the side-by-side bench: forked by side-by-side.ts, it holds stock clients (y-websocket's
 * WebsocketProvider for the reference and our server, @hocuspocus/provider for Hocuspocus) and does what the bench
 * asks over IPC, so that the clients' work never runs in the bench's process or a server's. Every wait is bounded.
 *
 * An edit is one item pushed onto the array `edits`: `<client>#<seq>@<send time>`, the send time being
 * `performance.timeOrigin + performance.now()`, which processes on one machine share; a receiver's latency is its
 * own clock at the remote transaction minus that time.
 */
import { readFileSync } from 'node:fs';
import { HocuspocusProvider } from '@hocuspocus/provider';
import WebSocket from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { roomName, type Target } from './target.ts';

export interface Request {
  id: number;
  command: string;
  // The arguments differ per command; each handler names its own.
  args: unknown;
}

export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

interface BenchClient {
  key: string;
  room: string;
  doc: Y.Doc;
  awareness: Awareness;
  isSynced(): boolean;
  socket(): { bufferedAmount: number } | null;
  /** True once the server closed the connection. */
  closed: boolean;
  /** Edits received from others: their ids, and latencies while recording. */
  seen: Set<string>;
  cursor: ReturnType<typeof setInterval> | null;
  destroy(): void;
}

// y-websocket adds an exit listener per provider; hundreds of clients live in this process.
process.setMaxListeners(0);

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const clients = new Map<string, BenchClient>();
let latencies: number[] = [];
let recording = false;
let received = 0;

function open(target: Target, key: string, room: string): BenchClient {
  const doc = new Y.Doc();
  const polyfill = WebSocket as unknown as typeof globalThis.WebSocket;
  let client: BenchClient;
  if (target.peer === 'hocuspocus') {
    // The provider hands its configuration to the socket it makes, which takes WebSocketPolyfill (not in the type).
    const configuration = { url: target.url, name: room, document: doc, WebSocketPolyfill: polyfill };
    const provider = new HocuspocusProvider(configuration);
    provider.on('close', () => {
      client.closed = true;
    });
    client = {
      key,
      room,
      doc,
      awareness: provider.awareness as Awareness,
      isSynced: () => provider.isSynced,
      socket: () => provider.configuration.websocketProvider.webSocket as { bufferedAmount: number } | null,
      closed: false,
      seen: new Set(),
      cursor: null,
      destroy: () => {
        provider.destroy();
        doc.destroy();
      },
    };
  } else {
    const provider = new WebsocketProvider(target.url, roomName(target, room), doc, {
      WebSocketPolyfill: polyfill,
      params: target.params,
      disableBc: true,
    });
    provider.on('connection-close', () => {
      client.closed = true;
    });
    client = {
      key,
      room,
      doc,
      awareness: provider.awareness,
      isSynced: () => provider.synced,
      socket: () => provider.ws,
      closed: false,
      seen: new Set(),
      cursor: null,
      destroy: () => {
        provider.destroy();
        doc.destroy();
      },
    };
  }
  doc.getArray<string>('edits').observe((event) => {
    if (event.transaction.local) return;
    const at = now();
    for (const delta of event.changes.delta) {
      if (!delta.insert) continue;
      for (const edit of delta.insert as string[]) {
        client.seen.add(edit);
        received++;
        if (recording) latencies.push(at - Number(edit.slice(edit.lastIndexOf('@') + 1)));
      }
    }
  });
  return client;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

function pick(keys: string[] | undefined): BenchClient[] {
  if (!keys) return [...clients.values()];
  return keys.map((key) => {
    const client = clients.get(key);
    if (!client) throw new Error(`no client ${key}`);
    return client;
  });
}

function edit(client: BenchClient, seq: number): void {
  client.doc.getArray<string>('edits').push([`${client.key}#${seq}@${now()}`]);
}

const handlers: Record<string, (args: never) => Promise<unknown>> = {
  /** Opens clients (in batches, as people arrive) and waits until all have synced. */
  async open(args: { target: Target; clients: { key: string; room: string }[]; timeoutMs: number }) {
    const opened: BenchClient[] = [];
    for (let start = 0; start < args.clients.length; start += 50) {
      for (const { key, room } of args.clients.slice(start, start + 50)) {
        const client = open(args.target, key, room);
        clients.set(key, client);
        opened.push(client);
      }
      await sleep(5);
    }
    await until(() => opened.every((c) => c.isSynced()), args.timeoutMs, `${opened.length} clients to sync`);
    return opened.length;
  },

  /** Presence for every client, its cursor moving about once a second (jittered so they do not move in step). */
  async awareness(args: { on: boolean }) {
    let i = 0;
    for (const client of clients.values()) {
      const index = i++;
      if (client.cursor) clearInterval(client.cursor);
      client.cursor = null;
      if (!args.on) continue;
      let position = index;
      const move = () => client.awareness.setLocalStateField('cursor', { anchor: position, head: ++position });
      client.awareness.setLocalState({ user: { name: `Deelnemer ${index}`, color: '#1f6feb' } });
      move();
      setTimeout(
        () => {
          if (clients.get(client.key) === client) client.cursor = setInterval(move, 1000);
        },
        Math.floor(Math.random() * 1000),
      );
    }
    return i;
  },

  async record(args: { on: boolean }) {
    recording = args.on;
    latencies = [];
    received = 0;
    return true;
  },

  /** Each named client sends `count` edits: spread at `perSecond` each, or all at once when perSecond is 0. */
  async edit(args: { keys: string[]; count: number; perSecond: number; timeoutMs: number }) {
    const writers = pick(args.keys);
    const started = performance.now();
    let sent = 0;
    while (sent < args.count) {
      if (performance.now() - started > args.timeoutMs) throw new Error('editing took too long');
      const due = args.perSecond
        ? Math.min(args.count, Math.floor(((performance.now() - started) * args.perSecond) / 1000) + 1)
        : args.count;
      for (; sent < due; sent++) for (const writer of writers) edit(writer, sent);
      if (sent < args.count) await sleep(Math.max(1, Math.floor(1000 / args.perSecond / 2)));
    }
    return sent * writers.length;
  },

  /** How many remote edits have arrived since `record`, and how many clients the server closed. */
  async stats() {
    return { received, closed: [...clients.values()].filter((c) => c.closed).length };
  },

  async latencies() {
    const result = latencies;
    latencies = [];
    return result;
  },

  /** Per room, the ids of edits some client of this process had seen from another client. */
  async seen() {
    const rooms: Record<string, string[]> = {};
    for (const client of clients.values()) {
      const ids = new Set(rooms[client.room] ?? []);
      for (const id of client.seen) ids.add(id);
      rooms[client.room] = [...ids];
    }
    return rooms;
  },

  async close(args: { keys?: string[] }) {
    for (const client of pick(args.keys)) {
      if (client.cursor) clearInterval(client.cursor);
      client.destroy();
      clients.delete(client.key);
    }
    return clients.size;
  },

  /** A fresh client per room loads it; returns each room's edit ids once the array has stopped growing. */
  async load(args: { target: Target; rooms: string[]; timeoutMs: number }) {
    const loaders = args.rooms.map((room) => open(args.target, `load-${room}`, room));
    try {
      await until(() => loaders.every((c) => c.isSynced()), args.timeoutMs, 'the loaders to sync');
      await sleep(300);
      return Object.fromEntries(loaders.map((c) => [c.room, c.doc.getArray<string>('edits').toArray()]));
    } finally {
      for (const loader of loaders) loader.destroy();
    }
  },

  /** Sends a whole document as one update from a new client and waits until a second client holds its text. */
  async store(args: { target: Target; room: string; updateFile: string; expectedFile: string; timeoutMs: number }) {
    const expected = readFileSync(args.expectedFile, 'utf8');
    const writer = open(args.target, 'store-writer', args.room);
    let reader: BenchClient | null = null;
    try {
      await until(() => writer.isSynced(), args.timeoutMs, 'the writer to sync');
      Y.applyUpdateV2(writer.doc, readFileSync(args.updateFile));
      reader = open(args.target, 'store-reader', args.room);
      const text = reader.doc.getText('content');
      await until(() => text.length === expected.length && text.toString() === expected, args.timeoutMs, 'the reader');
      return true;
    } finally {
      writer.destroy();
      reader?.destroy();
    }
  },

  /** A fresh client: milliseconds from its creation until its text equals the expected text. */
  async coldLoad(args: { target: Target; room: string; expectedFile: string; timeoutMs: number }) {
    const expected = readFileSync(args.expectedFile, 'utf8');
    const started = performance.now();
    const client = open(args.target, 'cold', args.room);
    try {
      const text = client.doc.getText('content');
      let done = 0;
      const check = () => {
        if (!done && text.length === expected.length && text.toString() === expected) done = performance.now();
      };
      client.doc.on('update', check);
      await until(() => done > 0, args.timeoutMs, 'the full text');
      return done - started;
    } finally {
      client.destroy();
    }
  },

  /**
   * One writer sends `totalBytes` in updates of `chunkBytes`, never more than 1 MiB waiting in its socket. Stops
   * when the server closes the connection and reports how far it got.
   */
  async bigWrite(args: { target: Target; room: string; totalBytes: number; chunkBytes: number; timeoutMs: number }) {
    const writer = open(args.target, 'big-writer', args.room);
    const started = performance.now();
    try {
      await until(() => writer.isSynced(), 30_000, 'the writer to sync');
      const text = writer.doc.getText('content');
      const chunk = 'x'.repeat(args.chunkBytes);
      let sent = 0;
      while (sent < args.totalBytes && !writer.closed) {
        await until(
          () => writer.closed || (writer.socket()?.bufferedAmount ?? 0) < 1024 * 1024,
          args.timeoutMs,
          'the socket to drain',
        );
        if (writer.closed) break;
        text.insert(text.length, chunk);
        sent += args.chunkBytes;
      }
      await until(() => writer.closed || writer.socket()?.bufferedAmount === 0, args.timeoutMs, 'the last bytes');
      return { sentBytes: sent, closed: writer.closed, ms: performance.now() - started };
    } finally {
      writer.destroy();
    }
  },
};

process.on('message', (request: Request) => {
  const handler = handlers[request.command];
  const reply = (response: Response) => process.send?.(response);
  if (!handler) {
    reply({ id: request.id, ok: false, error: `unknown command ${request.command}` });
    return;
  }
  handler(request.args as never).then(
    (result) => reply({ id: request.id, ok: true, result }),
    (error: unknown) =>
      reply({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
// Orphaned when the bench dies: nothing left to do.
process.on('disconnect', () => process.exit(0));

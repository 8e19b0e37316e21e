import { type Db, ensureDocument } from '@klankbord/db';
import { parseDocumentName } from '@klankbord/domain';
import type * as Y from 'yjs';
import { CloseCode } from './close-codes.ts';
import { type Access, Connection, type Transport } from './connection.ts';
import { type CollabLogger, silentLogger } from './logger.ts';
import { type CommitObserver, UpdateLog } from './persistence.ts';
import type { RoomRelay } from './relay.ts';
import { type DocumentChange, Room } from './room.ts';

/** The origin of changes the server makes itself through CollabServer.change, for observers that tell them apart. */
export const serverOrigin: unique symbol = Symbol('klankbord-server');

export interface CollabServerOptions<Request> {
  db: Db;
  /** Decides, on connect, what a request may do with a document. Called only for well-formed names. */
  authorise: (documentName: string, request: Request) => Access | Promise<Access>;
  /** Runs, debounced per document, after committed changes; later issues project documents to SQL here. */
  onChange?: (change: DocumentChange) => void | Promise<void>;
  logger?: CollabLogger;
  /** The other instances serving the same documents, on a scale-out (Redis); none on one instance. */
  relay?: RoomRelay;
  /** Told of each durable group commit of the update log (for metrics: its duration in ms, and its updates). */
  onCommit?: CommitObserver;
  /** Largest message accepted from a client, in bytes. */
  maxMessageBytes?: number;
  /** Most documents one client (as identified by its clientKey) may have open at once. */
  maxDocumentsPerClient?: number;
  /** Most connections one document may have; more are closed with documentFull. Also caps its presences. */
  maxConnectionsPerDocument?: number;
  /** Most bytes one document may take stored (snapshot and log); an update beyond it closes its socket (4413). */
  maxDocumentBytes?: number;
  /** Most bytes a connection may have waiting unsent before it is dropped as a slow consumer. */
  maxBufferedBytes?: number;
  /** Largest state of one presence (awareness), in bytes of JSON; larger ones are dropped. */
  maxAwarenessBytes?: number;
  /** Presence updates per second one connection may make, and the burst it may make them in. */
  awarenessPerSecond?: number;
  awarenessBurst?: number;
  /** query-awareness messages per second one connection is answered, and the burst; more are ignored. */
  awarenessQueriesPerSecond?: number;
  awarenessQueryBurst?: number;
  /** How long an empty room stays in memory before it is compacted and unloaded. */
  unloadAfterMs?: number;
  /** Log length at which a document is compacted into its snapshot. */
  compactAfterUpdates?: number;
  changeDebounceMs?: number;
  changeMaxWaitMs?: number;
}

export interface ConnectOptions {
  documentName: string;
  access: Exclude<Access, 'none'>;
  /** Who is connecting (a user, a token, an address): the unit that maxDocumentsPerClient counts. */
  clientKey: string;
  /** The credential the client authenticated with (a session, an API token), so revoking it can close the socket. */
  credential?: string;
  /** The account's name: it replaces the name a client puts in its presence, so nobody appears as someone else. */
  displayName?: string;
  transport: Transport;
  /**
   * `accessEpoch` read before the access was decided. If access changed for anyone since (closeConnections ran
   * while this client was being authorised), the decision may be stale: the connection closes with
   * accessChanged at once, and the client reconnects and is authorised afresh.
   */
  authorisedAt?: number;
}

/** What closeConnections can select connections by. */
export interface ConnectionInfo {
  documentName: string;
  clientKey: string;
  credential: string | undefined;
}

type Settings = Record<keyof typeof defaultLimits, number>;

/** Defaults for every tunable of CollabServerOptions. */
export const defaultLimits = {
  maxMessageBytes: 16 * 1024 * 1024,
  maxDocumentsPerClient: 64,
  maxConnectionsPerDocument: 200,
  // A verslag of a long day with every deelsessie's notes takes well under 1 MiB stored; this leaves room for
  // images' worth of text and years of edits between compactions, and bounds what a writer can make a room hold.
  maxDocumentBytes: 64 * 1024 * 1024,
  // On top of the client's first sync (see Connection.send). About 8 s of traffic on a 1 Mbit/s link, or minutes of
  // a room of people typing: a client further behind does better to reconnect, since its sync then carries one diff
  // instead of every update it missed. Stalled sockets share the broadcasts they hold, so this bounds memory well.
  maxBufferedBytes: 1024 * 1024,
  // Ten times what a stock client with a cursor and a user (name, colour) publishes.
  maxAwarenessBytes: 4096,
  // Generous for a cursor that follows typing; the latest presence of a faster client is applied once allowed.
  awarenessPerSecond: 20,
  awarenessBurst: 40,
  awarenessQueriesPerSecond: 0.2,
  awarenessQueryBurst: 2,
  unloadAfterMs: 10_000,
  compactAfterUpdates: 1000,
  changeDebounceMs: 1000,
  changeMaxWaitMs: 10_000,
} as const;

/**
 * The collaboration core: a room per document, loaded once however many clients arrive together,
 * unloaded a while after the last one leaves. Transport-free: a host adapts its sockets to Transport.
 */
export class CollabServer<Request> {
  private readonly rooms = new Map<string, Promise<Room>>();
  /** The entry of `rooms` each loaded room came from. */
  private readonly entries = new WeakMap<Room, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly openPerClient = new Map<string, number>();
  private readonly openPerDocument = new Map<string, number>();
  private readonly connections = new Set<Connection>();
  private readonly log: UpdateLog;
  private readonly logger: CollabLogger;
  private readonly settings: Settings;
  private closing = false;
  /** Bumped by every closeConnections (an access change); see ConnectOptions.authorisedAt. */
  private epoch = 0;

  constructor(private readonly options: CollabServerOptions<Request>) {
    this.log = new UpdateLog(options.db, options.onCommit);
    this.logger = options.logger ?? silentLogger;
    const limits = Object.keys(defaultLimits) as (keyof typeof defaultLimits)[];
    this.settings = Object.fromEntries(limits.map((key) => [key, options[key] ?? defaultLimits[key]])) as Settings;
  }

  /** The largest message a client may send; hosts pass it to their socket library too. */
  get maxMessageBytes(): number {
    return this.settings.maxMessageBytes;
  }

  /** Open connections on a document, including those waiting for it to load. */
  connectionsTo(documentName: string): number {
    return this.openPerDocument.get(documentName) ?? 0;
  }

  /** Rooms currently in memory. */
  get openRooms(): number {
    return this.rooms.size;
  }

  /**
   * After this instance's relay lost messages (Redis was down or cut off): every loaded room compares itself with
   * the database, and asks the other instances holding it to do the same, since they missed what this one sent.
   */
  async reconcileAll(): Promise<void> {
    const rooms = await Promise.allSettled([...this.rooms.values()]);
    const loaded = rooms.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    for (const room of loaded) this.options.relay?.publishReconcile(room.name);
    await Promise.all(loaded.map((room) => room.reconcile()));
  }

  /** Counts the calls of closeConnections: a connection authorised before the last one must be authorised again. */
  get accessEpoch(): number {
    return this.epoch;
  }

  /** What this request may do with the document; 'none' for a malformed name or while shutting down. */
  async authorise(documentName: string, request: Request): Promise<Access> {
    if (this.closing || !parseDocumentName(documentName)) return 'none';
    return this.options.authorise(documentName, request);
  }

  /**
   * Opens a connection on an authorised document. Returns at once; the connection queues messages
   * until the room has loaded. The host feeds it with receive() and reports a closed socket with transportClosed().
   */
  connect(options: ConnectOptions): Connection {
    const settings = this.settings;
    const connection = new Connection({
      ...options,
      limits: {
        maxMessageBytes: settings.maxMessageBytes,
        maxBufferedBytes: settings.maxBufferedBytes,
        awarenessRate: { perSecond: settings.awarenessPerSecond, burst: settings.awarenessBurst },
        awarenessQueryRate: { perSecond: settings.awarenessQueriesPerSecond, burst: settings.awarenessQueryBurst },
      },
      logger: this.logger,
      onClose: (closed) => this.forget(closed),
    });
    this.connections.add(connection);
    const open = increment(this.openPerClient, options.clientKey, 1);
    // Counted from the moment of connecting, not of joining the room: sockets waiting for a load count too.
    const onDocument = increment(this.openPerDocument, options.documentName, 1);
    if (this.closing) {
      connection.close(CloseCode.goingAway, 'server is shutting down');
    } else if (options.authorisedAt !== undefined && options.authorisedAt !== this.epoch) {
      connection.close(CloseCode.accessChanged, 'access changed while connecting');
    } else if (open > this.settings.maxDocumentsPerClient) {
      connection.close(CloseCode.tooManyDocuments, `more than ${this.settings.maxDocumentsPerClient} open documents`);
    } else if (onDocument > this.settings.maxConnectionsPerDocument) {
      connection.close(CloseCode.documentFull, `more than ${this.settings.maxConnectionsPerDocument} connections`);
    } else {
      void this.attach(connection);
    }
    return connection;
  }

  /**
   * Closes the connections that match, e.g. every socket of a member who was removed from a network.
   * Returns how many were closed; the clients may reconnect and are authorised afresh.
   */
  closeConnections(match: (connection: ConnectionInfo) => boolean, code: number, reason: string): number {
    this.epoch++;
    let closed = 0;
    for (const connection of [...this.connections]) {
      if (match(connection)) {
        connection.close(code, reason);
        closed++;
      }
    }
    return closed;
  }

  /**
   * Graceful shutdown: refuses new connections, closes every socket, then waits for pending commits,
   * compaction and change hooks of every room. The caller closes the database afterwards.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const connection of [...this.connections]) connection.close(CloseCode.goingAway, 'server is shutting down');
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    const rooms = await Promise.allSettled([...this.rooms.values()]);
    for (const result of rooms) if (result.status === 'fulfilled') this.unload(result.value);
    await Promise.all(this.unloading.values());
    await this.log.drain();
  }

  /**
   * Changes a document from the server's side (scaffolding, restoring a version), loading it if no client has
   * it open. The change is one transaction with `serverOrigin` as origin and goes the way of a client's update:
   * logged first, then sent to every connected client. Resolves with what `change` returned once it is durable;
   * rejects if the document cannot be loaded or the change cannot be stored.
   */
  async change<T>(documentName: string, change: (doc: Y.Doc) => T): Promise<T> {
    if (this.closing) throw new Error('the collaboration server is shutting down');
    const room = await this.open(documentName);
    try {
      return await room.change(change, serverOrigin);
    } finally {
      // A room loaded only for this change unloads like one whose last client left.
      if (room.members.size === 0) this.roomIdle(room);
    }
  }

  /**
   * Takes documents out of memory at once, for their deletion: their connections close (final) and their rooms
   * unload now rather than after the grace period. Resolves once they are unloaded; the caller then deletes
   * them from the database, and what they belonged to must already be gone so that no one can open them again.
   */
  async evict(names: readonly string[]): Promise<void> {
    const wanted = new Set(names);
    this.closeConnections((connection) => wanted.has(connection.documentName), CloseCode.accessRevoked, 'deleted');
    for (const name of wanted) {
      const loading = this.rooms.get(name);
      if (loading) {
        const room = await loading.catch(() => null);
        if (room && this.rooms.get(name) === loading) this.unload(room);
      }
      await this.unloading.get(name);
    }
  }

  private async attach(connection: Connection): Promise<void> {
    const name = connection.documentName;
    let room: Room;
    try {
      room = await this.open(name);
    } catch (error) {
      this.logger.error({ err: error, document: name }, 'failed to load document');
      connection.close(CloseCode.internalError, 'document could not be loaded');
      return;
    }
    if (connection.closed) {
      if (room.members.size === 0) this.roomIdle(room);
      return;
    }
    connection.attach(room);
  }

  /** The loaded room of a document, loading it once however many callers ask at the same moment. */
  private async open(name: string): Promise<Room> {
    for (;;) {
      const unloading = this.unloading.get(name);
      if (unloading) {
        await unloading;
        continue;
      }
      let loading = this.rooms.get(name);
      if (!loading) {
        const entry = this.load(name);
        this.rooms.set(name, entry);
        // Registered before anyone awaits the load, so whoever holds the room can find the entry it came from.
        entry.then((room) => this.entries.set(room, entry)).catch(() => {});
        loading = entry;
      }
      const room = await loading;
      // The room may have been unloaded between the load and now; then load it again.
      if (this.rooms.get(name) !== loading) continue;
      const timer = this.unloadTimers.get(name);
      if (timer) clearTimeout(timer);
      this.unloadTimers.delete(name);
      return room;
    }
  }

  private async load(name: string): Promise<Room> {
    const address = parseDocumentName(name);
    if (!address) throw new Error(`not a document name: ${name}`);
    try {
      const document = await ensureDocument(this.options.db, address);
      const room = await Room.load({
        name,
        documentId: document.id,
        db: this.options.db,
        log: this.log,
        logger: this.logger,
        compactAfterUpdates: this.settings.compactAfterUpdates,
        changeDebounceMs: this.settings.changeDebounceMs,
        changeMaxWaitMs: this.settings.changeMaxWaitMs,
        // One presence per connection (AwarenessGuard), so the connection cap is the presence cap.
        presences: {
          maxStateBytes: this.settings.maxAwarenessBytes,
          maxPresences: this.settings.maxConnectionsPerDocument,
        },
        maxDocumentBytes: this.settings.maxDocumentBytes,
        onChange: this.options.onChange,
        relay: this.options.relay,
        onIdle: (idle) => this.roomIdle(idle),
      });
      this.logger.debug({ document: name }, 'loaded document');
      return room;
    } catch (error) {
      this.rooms.delete(name);
      throw error;
    }
  }

  private roomIdle(room: Room): void {
    if (room.hasFailed || this.closing) {
      this.unload(room);
      return;
    }
    if (room.members.size > 0 || this.unloadTimers.has(room.name)) return;
    this.unloadTimers.set(
      room.name,
      setTimeout(() => {
        this.unloadTimers.delete(room.name);
        if (room.members.size === 0) this.unload(room);
      }, this.settings.unloadAfterMs),
    );
  }

  /** Takes a room out of the map at once, so a new connection waits for the unload and then loads afresh. */
  private unload(room: Room): void {
    const name = room.name;
    if (this.unloading.has(name)) return;
    // A room whose entry is gone was unloaded already. A late call for it (a stale idle timer, the end of a change)
    // must leave alone the newer room of the same name that may have taken its place.
    if (this.rooms.get(name) !== this.entries.get(room)) return;
    this.rooms.delete(name);
    const timer = this.unloadTimers.get(name);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(name);
    const done = room
      .close()
      .catch((error: unknown) => this.logger.error({ err: error, document: name }, 'failed to unload document'))
      .finally(() => {
        this.unloading.delete(name);
        this.logger.debug({ document: name }, 'unloaded document');
      });
    this.unloading.set(name, done);
  }

  private forget(connection: Connection): void {
    this.connections.delete(connection);
    increment(this.openPerClient, connection.clientKey, -1);
    increment(this.openPerDocument, connection.documentName, -1);
  }
}

/** Adds `by` to a count in `counts`, removing counts that reach zero; returns the new count. */
function increment(counts: Map<string, number>, key: string, by: number): number {
  const count = (counts.get(key) ?? 0) + by;
  if (count <= 0) counts.delete(key);
  else counts.set(key, count);
  return count;
}

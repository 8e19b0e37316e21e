import { type Db, ensureDocument } from '@klankbord/db';
import { parseDocumentName } from '@klankbord/domain';
import type * as Y from 'yjs';
import { CloseCode } from './close-codes.ts';
import { type Access, Connection, type Transport } from './connection.ts';
import { type CollabLogger, silentLogger } from './logger.ts';
import { UpdateLog } from './persistence.ts';
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
  /** Largest message accepted from a client, in bytes. */
  maxMessageBytes?: number;
  /** Most documents one client (as identified by its clientKey) may have open at once. */
  maxDocumentsPerClient?: number;
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
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly openPerClient = new Map<string, number>();
  private readonly connections = new Set<Connection>();
  private readonly log: UpdateLog;
  private readonly logger: CollabLogger;
  private readonly settings: Settings;
  private closing = false;
  /** Bumped by every closeConnections (an access change); see ConnectOptions.authorisedAt. */
  private epoch = 0;

  constructor(private readonly options: CollabServerOptions<Request>) {
    this.log = new UpdateLog(options.db);
    this.logger = options.logger ?? silentLogger;
    this.settings = {
      maxMessageBytes: options.maxMessageBytes ?? defaultLimits.maxMessageBytes,
      maxDocumentsPerClient: options.maxDocumentsPerClient ?? defaultLimits.maxDocumentsPerClient,
      unloadAfterMs: options.unloadAfterMs ?? defaultLimits.unloadAfterMs,
      compactAfterUpdates: options.compactAfterUpdates ?? defaultLimits.compactAfterUpdates,
      changeDebounceMs: options.changeDebounceMs ?? defaultLimits.changeDebounceMs,
      changeMaxWaitMs: options.changeMaxWaitMs ?? defaultLimits.changeMaxWaitMs,
    };
  }

  /** The largest message a client may send; hosts pass it to their socket library too. */
  get maxMessageBytes(): number {
    return this.settings.maxMessageBytes;
  }

  /** Rooms currently in memory. */
  get openRooms(): number {
    return this.rooms.size;
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
    const connection = new Connection({
      ...options,
      maxMessageBytes: this.settings.maxMessageBytes,
      logger: this.logger,
      onClose: (closed) => this.forget(closed),
    });
    this.connections.add(connection);
    const open = (this.openPerClient.get(options.clientKey) ?? 0) + 1;
    this.openPerClient.set(options.clientKey, open);
    if (this.closing) {
      connection.close(CloseCode.goingAway, 'server is shutting down');
    } else if (options.authorisedAt !== undefined && options.authorisedAt !== this.epoch) {
      connection.close(CloseCode.accessChanged, 'access changed while connecting');
    } else if (open > this.settings.maxDocumentsPerClient) {
      connection.close(CloseCode.tooManyDocuments, `more than ${this.settings.maxDocumentsPerClient} open documents`);
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
        loading = this.load(name);
        this.rooms.set(name, loading);
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
        onChange: this.options.onChange,
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
    const open = (this.openPerClient.get(connection.clientKey) ?? 1) - 1;
    if (open <= 0) this.openPerClient.delete(connection.clientKey);
    else this.openPerClient.set(connection.clientKey, open);
  }
}

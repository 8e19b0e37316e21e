import { type Db, loadDocumentState, type StoredState, segmentSize } from '@klankbord/db';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AwarenessGuard, type PresenceHolder, type PresenceLimits } from './awareness-guard.ts';
import { ChangeNotifier } from './change-notifier.ts';
import { CloseCode } from './close-codes.ts';
import { Compactor, type LogSize } from './compaction.ts';
import type { CollabLogger } from './logger.ts';
import { type OutgoingUpdate, sendCommitted } from './outgoing.ts';
import type { UpdateLog } from './persistence.ts';
import {
  type AwarenessEntry,
  encodeAwarenessEntries,
  encodeMessage,
  ProtocolError,
  writeAwareness,
  writeSyncStep1,
  writeSyncStep2,
} from './protocol.ts';
import { type RelayReceiver, type RoomRelay, relayOrigin } from './relay.ts';
import { applyStoredState, storedStateVector, storedUpdate } from './stored-state.ts';

/** What the change hook receives: the document, after its latest changes were committed. */
export interface DocumentChange {
  documentName: string;
  documentId: number;
  doc: Y.Doc;
}

/** A participant of a room: a connection as the room sees it. */
export interface RoomMember extends PresenceHolder {
  readonly canWrite: boolean;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface RoomOptions {
  name: string;
  documentId: number;
  db: Db;
  log: UpdateLog;
  logger: CollabLogger;
  compactAfterUpdates: number;
  changeDebounceMs: number;
  changeMaxWaitMs: number;
  /** What one presence may hold and how many the room keeps; see AwarenessGuard. */
  presences: PresenceLimits;
  /**
   * Most bytes the document may take as Yjs updates (its segments before deflating, and its log); a client's
   * update beyond it is refused.
   */
  maxDocumentBytes: number;
  onChange: ((change: DocumentChange) => void | Promise<void>) | undefined;
  /** The other instances serving this document, on a scale-out (see RoomRelay). */
  relay?: RoomRelay | undefined;
  /** Called when the last member leaves, or when the room can no longer persist and must be dropped. */
  onIdle: (room: Room) => void;
}

/** A client's update that would make the document larger than it may be; nothing of it is applied. */
export class DocumentFullError extends Error {
  override readonly name = 'DocumentFullError';
}

/**
 * Presence changes (cursors, selections) are gathered and sent at most this often: with 200 people moving their
 * cursors, one frame per member every 100 ms instead of one per change, so edits do not queue behind cursors.
 * (Every 400 ms at 200 people was tried: the larger frames made the p99 of edits worse, 72 ms against 36 ms.)
 */
const PRESENCE_FRAME_MS = 100;

/**
 * One document in memory with the members editing it. Updates are applied to the shared Y.Doc, appended
 * to the update log, and only broadcast once that append has committed: durable before visible.
 */
export class Room {
  readonly awareness: awarenessProtocol.Awareness;
  readonly members = new Set<RoomMember>();
  /** Settles when every update applied so far has been committed (or the commit failed). */
  private lastCommit: Promise<void> = Promise.resolve();
  private readonly compactor: Compactor;
  /** Bytes of updates appended to the log whose commit has not settled yet. */
  private uncommittedBytes = 0;
  /** Presences changed since the last presence frame, by client id. */
  private readonly changedPresences = new Set<number>();
  private presenceTimer: ReturnType<typeof setTimeout> | null = null;
  /** The updates waiting for the group commit that is gathering now, to be broadcast together once it is durable. */
  private outgoing: { commit: Promise<void>; updates: OutgoingUpdate[]; bytes: number } | null = null;
  private readonly changes: ChangeNotifier;
  private readonly presences: AwarenessGuard<RoomMember>;
  private failed = false;
  /** The document as stored, until something needs the document itself (see `doc`). */
  private stored: StoredState | null;
  /** The stored state as one update, once asked for while the room is still as stored. */
  private storedAsUpdate: Uint8Array | null = null;
  private readonly document = new Y.Doc();
  private closed = false;
  /** Presences of this instance's members changed since the last frame: the ones to relay. */
  private readonly changedHere = new Set<number>();
  /** Stops receiving from the other instances. */
  private readonly leaveRelay: () => void;
  private reconciling: Promise<void> | null = null;

  private constructor(
    private readonly options: RoomOptions,
    stored: StoredState,
    leaveRelay: () => void,
  ) {
    this.leaveRelay = leaveRelay;
    this.stored = stored;
    const log: LogSize = {
      updates: stored.updates.length,
      bytes: stored.updates.reduce((sum, update) => sum + update.byteLength, 0),
    };
    this.awareness = new awarenessProtocol.Awareness(this.document);
    this.presences = new AwarenessGuard(options.presences);
    // The server is no participant: without this, every client would see a phantom presence.
    this.awareness.setLocalState(null);
    this.compactor = new Compactor(
      options.db,
      options.documentId,
      () => this.doc,
      options.compactAfterUpdates,
      options.logger,
      log,
      stored.segments.map(segmentSize),
      options.relay ? (fromDatabase) => this.absorb(fromDatabase) : undefined,
    );
    const onChange = options.onChange;
    this.changes = new ChangeNotifier(
      () => onChange?.({ documentName: options.name, documentId: options.documentId, doc: this.doc }),
      options.changeDebounceMs,
      options.changeMaxWaitMs,
      options.logger,
    );
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /**
   * Loads a room's stored segments and update log. The document is built from them when first needed: a room
   * whose clients only read answers them from the stored bytes (see `storedState`). With a relay, the room listens
   * to the other instances before it reads the database, so an update committed meanwhile is read, or received,
   * or both (it applies once).
   */
  static async load(options: RoomOptions): Promise<Room> {
    let room: Room | null = null;
    const early: Array<(room: Room) => void> = [];
    const deliver = (act: (room: Room) => void) => (room ? act(room) : early.push(act));
    const receiver: RelayReceiver = {
      update: (update) => deliver((r) => r.receiveUpdate(update)),
      awareness: (update) => deliver((r) => r.receiveAwareness(update)),
      reconcile: () => deliver((r) => void r.reconcile()),
    };
    const leaveRelay = (await options.relay?.join(options.name, receiver)) ?? (() => {});
    try {
      room = new Room(options, await loadDocumentState(options.db, options.documentId), leaveRelay);
    } catch (error) {
      leaveRelay();
      throw error;
    }
    for (const act of early) act(room);
    return room;
  }

  /** The shared document, built from the stored state on first use. */
  get doc(): Y.Doc {
    if (this.stored) {
      // Applied before anything listens: otherwise Yjs would encode the whole stored state as one more update.
      applyStoredState(this.document, this.stored);
      this.stored = null;
      this.storedAsUpdate = null;
    }
    return this.document;
  }

  /**
   * What the sync protocol needs of the document: while the room is still as stored, the stored state as one
   * update, which costs a cold room less than building the document and encoding it again.
   */
  private get storedState(): Y.Doc | Uint8Array {
    if (!this.stored) return this.document;
    this.storedAsUpdate ??= storedUpdate(this.stored);
    return this.storedAsUpdate;
  }

  get name(): string {
    return this.options.name;
  }

  /** Adds a member and sends it what a y-websocket client expects on connect. */
  join(member: RoomMember): void {
    this.members.add(member);
    // Only a writer is asked for its state: a read-only client's answer would be dropped anyway.
    if (member.canWrite) {
      const stored = this.stored;
      const vector = stored ? storedStateVector(stored, () => this.storedState as Uint8Array) : this.document;
      member.send(encodeMessage((e) => writeSyncStep1(e, vector)));
    }
    const states = this.awareness.getStates();
    if (states.size > 0) {
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()]);
      member.send(encodeMessage((e) => writeAwareness(e, update)));
    }
  }

  /** Removes a member and its presence; the room reports idle when it was the last. */
  leave(member: RoomMember): void {
    if (!this.members.delete(member)) return;
    const id = this.presences.release(member);
    if (id !== undefined) awarenessProtocol.removeAwarenessStates(this.awareness, [id], null);
    if (this.members.size === 0) this.options.onIdle(this);
  }

  /**
   * Applies a client's update. Throws ProtocolError, changing nothing, when the update is malformed:
   * what Yjs integrates is held back until the whole update has applied, and if it fails half-way the
   * room is discarded and reloaded from the database, so no half-applied update is stored or shown.
   */
  applyUpdate(update: Uint8Array, member: RoomMember): void {
    // A writer may add to a document, not without bound: its room's memory grows with it. Compacting may make
    // room again (a log of edits undone takes more than their result), so it starts at once.
    if (this.compactor.storedBytes + this.uncommittedBytes + update.byteLength > this.options.maxDocumentBytes) {
      void this.compactor.run({ rewrite: true });
      throw new DocumentFullError(`the document would take more than ${this.options.maxDocumentBytes} bytes`);
    }
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      // Decoding first refuses most bad updates before they touch the document at all.
      decoded = Y.decodeUpdate(update);
    } catch (error) {
      throw new ProtocolError(`invalid update: ${(error as Error).message}`);
    }
    // A new client answers the server's sync step 1 with an update that holds nothing: it leaves a room that
    // only serves readers as stored, without building its document.
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return;
    const store = this.doc.store;
    const pending = [store.pendingStructs, store.pendingDs];
    let integrated = false;
    const onTransaction = (transaction: Y.Transaction) => {
      integrated ||= transactionChanged(transaction);
    };
    const held = () => integrated || store.pendingStructs !== pending[0] || store.pendingDs !== pending[1];
    this.doc.on('afterTransaction', onTransaction);
    try {
      Y.applyUpdate(this.doc, update, member);
    } catch (error) {
      const reason = `update could not be applied: ${(error as Error).message}`;
      if (held()) {
        member.close(CloseCode.malformedMessage, reason);
        this.discard('a malformed update was partly applied');
      }
      throw new ProtocolError(reason);
    } finally {
      this.doc.off('afterTransaction', onTransaction);
    }
    // The client's own bytes are logged and sent on, not Yjs's encoding of what it integrated: that encoding
    // slices the item an edit was merged into, which for text typed at its end copies the whole text on every
    // keystroke (a 40 MB text written in 100 KB steps allocated gigabytes). An update that changed nothing and
    // left nothing pending (a resent one) is neither stored nor sent.
    if (held()) this.persistThenBroadcast(update, member);
  }

  /**
   * Answers sync step 1. The reply is computed now but sent only after every update it may contain
   * has committed, so a new client never sees an edit that a crash could still take back.
   */
  async answerSyncStep1(stateVector: Uint8Array, member: RoomMember): Promise<void> {
    let reply: Uint8Array;
    try {
      reply = encodeMessage((e) => writeSyncStep2(e, this.storedState, stateVector));
    } catch (error) {
      throw new ProtocolError(`invalid state vector: ${(error as Error).message}`);
    }
    await this.lastCommit;
    if (!this.failed && this.members.has(member)) member.send(reply);
  }

  /**
   * The presence in a client's awareness update that it may publish (see AwarenessGuard), or null when it holds
   * none: the stock client echoes every presence it receives, so updates without one are normal, not hostile.
   * Throws ProtocolError when the update is malformed.
   */
  ownPresence(update: Uint8Array, member: RoomMember): AwarenessEntry | null {
    return this.presences.accept(update, member);
  }

  /** Applies and broadcasts a presence that ownPresence accepted from `member`. */
  publishPresence(entry: AwarenessEntry, member: RoomMember): void {
    if (!this.members.has(member)) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries([entry]), member);
  }

  /** Sends every known presence to one member (the answer to query-awareness). */
  sendAwareness(member: RoomMember): void {
    const ids = [...this.awareness.getStates().keys()];
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
    member.send(encodeMessage((e) => writeAwareness(e, update)));
  }

  /**
   * Applies a change made by the server itself (scaffolding, restoring a version) in one transaction, with
   * `origin` as its origin. It takes the path of every client's update — logged, then broadcast to every member —
   * and resolves with what `change` returned once it and every update before it have been committed.
   */
  async change<T>(change: (doc: Y.Doc) => T, origin: unknown): Promise<T> {
    if (this.failed || this.closed) throw new Error(`document ${this.name} is no longer loaded`);
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array) => updates.push(update);
    // Listened to only here: while the room listens for 'update', Yjs encodes every transaction (see applyUpdate).
    this.doc.on('update', collect);
    let result: T;
    try {
      result = Y.transact(this.doc, () => change(this.doc), origin);
    } finally {
      this.doc.off('update', collect);
    }
    for (const update of updates) this.persistThenBroadcast(update, origin);
    await this.lastCommit;
    if (this.failed) throw new Error(`document ${this.name} could not store the change`);
    return result;
  }

  /** Closes every member's connection. */
  disconnectAll(code: number, reason: string): void {
    for (const member of [...this.members]) member.close(code, reason);
  }

  /**
   * Waits for pending commits, compacts the log and runs a pending change hook, then frees the document.
   * A room that failed to persist skips compaction: its memory may hold updates the database never got.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.leaveRelay();
    await this.lastCommit;
    if (!this.failed) {
      await this.compactor.finish();
      await this.changes.flush();
    }
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.awareness.destroy();
    this.document.destroy();
  }

  get hasFailed(): boolean {
    return this.failed;
  }

  /**
   * Appends an update to the log; once the group commit that holds it is durable, it goes to the members with the
   * other updates of that commit, merged into one frame each (sendCommitted).
   */
  private persistThenBroadcast(update: Uint8Array, origin: unknown): void {
    const commit = this.options.log.append(this.options.documentId, update);
    this.lastCommit = commit.catch(() => {});
    this.uncommittedBytes += update.byteLength;
    if (this.outgoing?.commit === commit) {
      this.outgoing.updates.push({ update, origin });
      this.outgoing.bytes += update.byteLength;
      return;
    }
    const batch = { commit, updates: [{ update, origin }], bytes: update.byteLength };
    this.outgoing = batch;
    commit.then(
      () => {
        if (this.outgoing === batch) this.outgoing = null;
        this.uncommittedBytes -= batch.bytes;
        if (this.failed) return;
        this.compactor.committed(batch.updates.length, batch.bytes);
        sendCommitted(batch.updates, this.members);
        this.relayCommitted(batch.updates.map((entry) => entry.update));
        this.changes.schedule();
      },
      (error: unknown) => {
        this.options.logger.error({ err: error, document: this.options.name }, 'could not persist update');
        this.discard('could not persist update');
      },
    );
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    for (const id of [...added, ...updated, ...removed]) {
      this.changedPresences.add(id);
      if (origin !== relayOrigin && this.options.relay) this.changedHere.add(id);
    }
    this.presenceTimer ??= setTimeout(this.sendPresences, PRESENCE_FRAME_MS);
  };

  /** Sends every presence that changed since the last frame, in one frame to every member. */
  private sendPresences = (): void => {
    this.presenceTimer = null;
    if (this.closed || this.changedPresences.size === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.changedPresences]);
    this.changedPresences.clear();
    // Encoded once and the same bytes sent to every member: the socket layer frames them without copying.
    const message = encodeMessage((e) => writeAwareness(e, update));
    for (const member of this.members) member.send(message);
    if (this.changedHere.size > 0) {
      // Only this instance's own members' presences: relaying the others' back would echo between instances.
      this.options.relay?.publishAwareness(
        this.name,
        awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.changedHere]),
      );
      this.changedHere.clear();
    }
  };

  /** Sends the updates of a commit to the other instances, merged into one message. */
  private relayCommitted(updates: Uint8Array[]): void {
    const relay = this.options.relay;
    if (!relay || updates.length === 0) return;
    relay.publishUpdate(this.name, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  }

  /**
   * Another instance's committed update: applied here and sent on to this instance's members. A room still as
   * stored adds it to its log instead of building the document.
   */
  private receiveUpdate(update: Uint8Array): void {
    if (this.closed || this.failed) return;
    if (this.stored) {
      this.stored.updates.push(update);
      this.storedAsUpdate = null;
    } else {
      try {
        Y.applyUpdate(this.document, update, relayOrigin);
      } catch (error) {
        this.options.logger.warn({ err: error, document: this.name }, 'relayed update could not be applied');
        void this.reconcile();
        return;
      }
    }
    this.compactor.committed(1, update.byteLength);
    sendCommitted([{ update, origin: relayOrigin }], this.members);
    this.changes.schedule();
  }

  /** Another instance's members' presences, bounded there by their own AwarenessGuard; they expire here after 30 s. */
  private receiveAwareness(update: Uint8Array): void {
    if (this.closed) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, relayOrigin);
    } catch (error) {
      this.options.logger.warn({ err: error, document: this.name }, 'relayed presence could not be applied');
    }
  }

  /**
   * Takes in what the database holds of the document and sends this instance's members what they did not have:
   * after the relay lost messages (Redis was down or cut off), Yjs compares the two states itself, so nothing
   * depends on every message having arrived.
   */
  reconcile(): Promise<void> {
    this.reconciling ??= (async () => {
      try {
        const stored = await loadDocumentState(this.options.db, this.options.documentId);
        if (!this.closed && !this.failed) this.absorb(stored);
      } catch (error) {
        this.options.logger.error({ err: error, document: this.name }, 'could not reconcile document');
      } finally {
        this.reconciling = null;
      }
    })();
    return this.reconciling;
  }

  /** Applies a stored state (all of it committed) to the document and sends members whatever was new in it. */
  private absorb(stored: StoredState): void {
    const doc = this.doc;
    const fresh: Uint8Array[] = [];
    const collect = (update: Uint8Array) => fresh.push(update);
    doc.on('update', collect);
    try {
      Y.transact(doc, () => applyStoredState(doc, stored), relayOrigin);
    } finally {
      doc.off('update', collect);
    }
    if (fresh.length > 0)
      sendCommitted(
        fresh.map((update) => ({ update, origin: relayOrigin })),
        this.members,
      );
  }

  /**
   * Drops the room: its memory may hold what the database does not (a failed commit, a half-applied
   * update). Clients reconnect to a room loaded afresh and resend what they have from their own copies.
   */
  private discard(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.options.logger.warn({ document: this.options.name, reason }, 'discarding room');
    this.disconnectAll(CloseCode.internalError, reason);
    this.options.onIdle(this);
  }
}

/** True when a transaction added or deleted anything (Yjs skips structs and deletions it already has). */
function transactionChanged(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true;
  return false;
}

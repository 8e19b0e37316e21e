import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { CollabConnection } from './connection.svelte.ts';
import { forgetUnsent, keepUnsent, unsentChange } from './local-copies.ts';
import { openedOnPage } from './outbox.svelte.ts';

/** What the person is told about their own changes: kept in the browser only, or on the server too. */
export type SaveState = 'waiting' | 'saved' | 'syncing';

/**
 * A shared document that can also be edited without a connection: a CollabConnection plus a copy of the
 * document in this browser's IndexedDB (keyed by person and document name), so that changes made offline survive a
 * reload and reach the server once the connection is back. Call `destroy` when the page goes.
 *
 * IndexedDB writes each change in a transaction that a closing tab may cut off. So the changes the server has not
 * had yet are also kept, merged, in localStorage, which writes at once; they are applied again on the next visit,
 * sent by the outbox from any page once the page has gone, and forgotten after a completed sync.
 */
export class OfflineCollabConnection {
  readonly connection: CollabConnection;
  readonly persistence: IndexeddbPersistence;
  /** True while this browser has changes that the server has not had in a completed sync since. */
  waiting = $state(false);
  /** True once the copy kept in this browser has been read into the document. */
  restored = $state(false);
  readonly #documentName: string;
  readonly #userId: number;
  readonly #release: () => void;

  constructor(documentName: string, member: { id: number; name: string }) {
    this.connection = new CollabConnection(documentName, member);
    this.#documentName = documentName;
    this.#userId = member.id;
    // While this page has the document open, its own connection sends what waits, not the outbox.
    this.#release = openedOnPage(documentName);
    this.#restoreUnsent();
    // Per person too: someone else signing in on this browser must not find, and send as theirs, these edits.
    this.persistence = new IndexeddbPersistence(`${member.id}:${documentName}`, this.connection.doc);
    this.persistence.whenSynced.then(() => {
      this.restored = true;
    });
    this.connection.doc.on('update', this.#onUpdate);
    this.connection.provider.on('sync', this.#onSync);
    // A phone that loses its network can keep a dead socket open for a long time; the browser knows sooner.
    globalThis.addEventListener?.('offline', this.#goOffline);
    globalThis.addEventListener?.('online', this.#goOnline);
  }

  get doc() {
    return this.connection.doc;
  }

  /** 'waiting' for changes only this browser has; 'saved' once the server has everything; 'syncing' between. */
  get saveState(): SaveState {
    if (this.waiting) return 'waiting';
    return this.connection.synced && this.connection.status === 'connected' ? 'saved' : 'syncing';
  }

  /** Forgets the copy in this browser, e.g. when the example itself is deleted. */
  async clearLocalCopy(): Promise<void> {
    this.#forgetUnsent();
    await this.persistence.clearData();
  }

  destroy(): void {
    globalThis.removeEventListener?.('offline', this.#goOffline);
    globalThis.removeEventListener?.('online', this.#goOnline);
    this.connection.doc.off('update', this.#onUpdate);
    this.connection.provider.off('sync', this.#onSync);
    void this.persistence.destroy();
    this.connection.destroy();
    this.#release();
  }

  // A change from here (the editor, or the stored copy) made while the socket is down or not yet synced: the
  // provider cannot hand it to the server now. One made on a synced socket is sent at once.
  #onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this.connection.provider || origin === UNSENT) return;
    const { provider } = this.connection;
    if (provider.wsconnected && provider.synced) return;
    this.waiting = true;
    // What came from IndexedDB is safely there already.
    if (origin !== this.persistence)
      keepUnsent(this.#userId, this.#documentName, (stored) => (stored ? Y.mergeUpdates([stored, update]) : update));
  };

  #restoreUnsent(): void {
    const stored = unsentChange(this.#userId, this.#documentName);
    if (!stored) return;
    try {
      Y.applyUpdate(this.connection.doc, stored, UNSENT);
      this.waiting = true;
    } catch {
      this.#forgetUnsent();
    }
  }

  #forgetUnsent(): void {
    forgetUnsent(this.#userId, this.#documentName);
  }

  // On (re)connecting the server first asks for this browser's state (its sync step 1), which the provider
  // answers with every change the server lacks, before the server's step 2 completes the sync. So after a sync
  // the waiting changes have been handed to the server, if perhaps not yet stored: should the socket drop now,
  // the document and its IndexedDB copy still hold them, and the next sync sends them again. (The outbox, whose
  // document lives only as long as its delivery, waits for the server's acknowledgement instead.)
  #onSync = (isSynced: boolean): void => {
    if (!isSynced) return;
    this.waiting = false;
    this.#forgetUnsent();
  };

  #goOffline = (): void => {
    this.connection.provider.disconnect();
  };

  #goOnline = (): void => {
    this.connection.provider.connect();
  };
}

/** The origin of changes re-applied from localStorage: they are already kept there. */
const UNSENT = Symbol('unsent changes');

import { IndexeddbPersistence } from 'y-indexeddb';
import { CollabConnection } from './connection.svelte.ts';

/** What the person is told about their own changes: kept in the browser only, or on the server too. */
export type SaveState = 'waiting' | 'saved' | 'syncing';

/**
 * A shared document that can also be edited without a connection: a CollabConnection plus a copy of the
 * document in this browser's IndexedDB (keyed by the document name), so that changes made offline survive a
 * reload and reach the server once the connection is back. Call `destroy` when the page goes.
 */
export class OfflineCollabConnection {
  readonly connection: CollabConnection;
  readonly persistence: IndexeddbPersistence;
  /** True while this browser has changes that the server has not had in a completed sync since. */
  waiting = $state(false);
  /** True once the copy kept in this browser has been read into the document. */
  restored = $state(false);

  constructor(documentName: string, member: { id: number; name: string }) {
    this.connection = new CollabConnection(documentName, member);
    this.persistence = new IndexeddbPersistence(documentName, this.connection.doc);
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
    await this.persistence.clearData();
  }

  destroy(): void {
    globalThis.removeEventListener?.('offline', this.#goOffline);
    globalThis.removeEventListener?.('online', this.#goOnline);
    this.connection.doc.off('update', this.#onUpdate);
    this.connection.provider.off('sync', this.#onSync);
    void this.persistence.destroy();
    this.connection.destroy();
  }

  // A change from here (the editor, or the stored copy) made while the socket is down or not yet synced: the
  // provider cannot hand it to the server now. One made on a synced socket is sent at once.
  #onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === this.connection.provider) return;
    const { provider } = this.connection;
    if (!provider.wsconnected || !provider.synced) this.waiting = true;
  };

  // On (re)connecting the server first asks for this browser's state (its sync step 1), which the provider
  // answers with every change the server lacks, before the server's step 2 completes the sync. So after a sync
  // the waiting changes have been handed to the server; there is no later acknowledgement to wait for.
  #onSync = (isSynced: boolean): void => {
    if (isSynced) this.waiting = false;
  };

  #goOffline = (): void => {
    this.connection.provider.disconnect();
  };

  #goOnline = (): void => {
    this.connection.provider.connect();
  };
}

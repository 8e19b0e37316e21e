import { fromBase64, toBase64 } from 'lib0/buffer';
import type { Session } from '../api-types.ts';

/**
 * The copies of shared documents kept in this browser for working offline: one IndexedDB database per document
 * (y-indexeddb) and, for changes the server has not had yet, a localStorage entry per person and document, which
 * the outbox (outbox.svelte.ts) sends from whatever page is open once the connection is back. Also the last
 * session seen, so that the app can still show who is signed in while offline. Signing out forgets all of it.
 */

const UNSENT_PREFIX = 'klankbord:unsent:';
const SESSION_KEY = 'klankbord:session';

/** The localStorage key of one person's changes to a document that the server has not had yet. */
export function unsentKey(userId: number, documentName: string): string {
  return `${UNSENT_PREFIX}${userId}:${documentName}`;
}

/** One document's changes that never reached the server, merged into one Yjs update (base64). */
export interface UnsentChange {
  documentName: string;
  update: string;
}

// Tells the outbox of this tab that the unsent changes changed; other tabs hear it as a `storage` event.
const unsentEvents = new EventTarget();

/** Calls `listener` whenever the unsent changes of this browser change, in this tab or another. */
export function onUnsentChange(listener: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key.startsWith(UNSENT_PREFIX)) listener();
  };
  unsentEvents.addEventListener('change', listener);
  globalThis.addEventListener?.('storage', onStorage);
  return () => {
    unsentEvents.removeEventListener('change', listener);
    globalThis.removeEventListener?.('storage', onStorage);
  };
}

/** The changes of `userId` that never reached the server, one entry per document. */
export function unsentChanges(userId: number): UnsentChange[] {
  const prefix = unsentKey(userId, '');
  const changes: UnsentChange[] = [];
  for (const key of storageKeys()) {
    if (!key.startsWith(prefix)) continue;
    const update = readStorage(key);
    if (update) changes.push({ documentName: key.slice(prefix.length), update });
  }
  return changes;
}

/** The changes of `userId` to one document that never reached the server, or null. */
export function unsentChange(userId: number, documentName: string): Uint8Array | null {
  const stored = readStorage(unsentKey(userId, documentName));
  if (!stored) return null;
  try {
    return fromBase64(stored);
  } catch {
    return null;
  }
}

/**
 * Adds a change the server has not had to what is kept for the document: `merge` gets what is kept (null if
 * nothing) and returns the new whole. The caller merges, so that this module, which every page loads, needs no Yjs.
 */
export function keepUnsent(
  userId: number,
  documentName: string,
  merge: (stored: Uint8Array | null) => Uint8Array,
): void {
  const key = unsentKey(userId, documentName);
  const stored = readStorage(key);
  const merged = merge(stored ? fromBase64(stored) : null);
  try {
    localStorage.setItem(key, toBase64(merged));
  } catch {
    // Storage full or refused: IndexedDB still has the change, as before.
  }
  unsentEvents.dispatchEvent(new Event('change'));
}

/**
 * Forgets a document's unsent changes once the server has them. With `ifStill`, only when nothing was added
 * since that value was read: a change typed meanwhile must stay until it is sent too.
 */
export function forgetUnsent(userId: number, documentName: string, ifStill?: string): void {
  const key = unsentKey(userId, documentName);
  try {
    if (ifStill !== undefined && localStorage.getItem(key) !== ifStill) return;
    localStorage.removeItem(key);
  } catch {
    // Nothing to forget where storage is refused.
  }
  unsentEvents.dispatchEvent(new Event('change'));
}

/** True when this browser holds changes that never reached the server; signing out would lose them. */
export function hasUnsentChanges(): boolean {
  return storageKeys().some((key) => key.startsWith(UNSENT_PREFIX));
}

/** Keeps the session the server last confirmed (null: nobody signed in, so nothing is kept). */
export function rememberSession(session: Session | null): void {
  try {
    if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else localStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage refused: offline, the app then shows the static error page, as before.
  }
}

/**
 * Calls `listener` with the user id of the session another tab of this browser has just seen (null: signed out).
 * A tab still open for someone who signed out there, or for whom another person signed in, must not go on
 * showing and sending that person's documents.
 */
export function onOtherTabSession(listener: (userId: number | null) => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key !== SESSION_KEY && event.key !== null) return;
    listener(rememberedSession()?.user.id ?? null);
  };
  globalThis.addEventListener?.('storage', onStorage);
  return () => globalThis.removeEventListener?.('storage', onStorage);
}

/** The session the server last confirmed in this browser, for showing the app while the server cannot be reached. */
export function rememberedSession(): Session | null {
  const stored = readStorage(SESSION_KEY);
  if (!stored) return null;
  try {
    return JSON.parse(stored) as Session;
  } catch {
    return null;
  }
}

/**
 * Forgets every document copy in this browser, so the next person on a shared device does not find them. Only
 * Klankbord's documents live in this origin's IndexedDB.
 */
export async function forgetLocalCopies(): Promise<void> {
  try {
    for (const key of storageKeys()) if (key.startsWith(UNSENT_PREFIX)) localStorage.removeItem(key);
    localStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage refused: there is nothing in it either.
  }
  unsentEvents.dispatchEvent(new Event('change'));
  const databases = (await indexedDB.databases?.()) ?? [];
  await Promise.all(
    databases.map(
      ({ name }) =>
        new Promise<void>((resolve) => {
          if (!name) return resolve();
          const request = indexedDB.deleteDatabase(name);
          // A database still open in another tab is deleted once that tab lets go; signing out need not wait.
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
}

function storageKeys(): string[] {
  try {
    return Object.keys(localStorage);
  } catch {
    return [];
  }
}

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

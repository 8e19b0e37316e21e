/**
 * The copies of shared documents kept in this browser for working offline: one IndexedDB database per document
 * (y-indexeddb) and, for changes the server has not had yet, a localStorage entry per document.
 */

const UNSENT_PREFIX = 'klankbord:unsent:';

/** The localStorage key of a document's changes that the server has not had yet. */
export function unsentKey(documentName: string): string {
  return `${UNSENT_PREFIX}${documentName}`;
}

/** True when this browser holds changes that never reached the server; signing out would lose them. */
export function hasUnsentChanges(): boolean {
  try {
    return Object.keys(localStorage).some((key) => key.startsWith(UNSENT_PREFIX));
  } catch {
    return false;
  }
}

/**
 * Forgets every document copy in this browser, so the next person on a shared device does not find them. Only
 * Klankbord's documents live in this origin's IndexedDB.
 */
export async function forgetLocalCopies(): Promise<void> {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(UNSENT_PREFIX)) localStorage.removeItem(key);
  } catch {
    // Storage refused: there is nothing in it either.
  }
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

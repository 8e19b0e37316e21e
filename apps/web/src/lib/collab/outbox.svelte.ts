import { forgetUnsent, onUnsentChange, unsentChanges } from './local-copies.ts';

/** While something waits and the browser believes it is online, how often to try again (the server may be down). */
const RETRY_MS = 30_000;

const onPage = new Map<string, number>();

/**
 * Marks a document as open on this page: its own connection sends what waits, so the outbox leaves it alone.
 * Returns the function that unmarks it.
 */
export function openedOnPage(documentName: string): () => void {
  onPage.set(documentName, (onPage.get(documentName) ?? 0) + 1);
  return () => {
    const count = (onPage.get(documentName) ?? 1) - 1;
    if (count > 0) onPage.set(documentName, count);
    else onPage.delete(documentName);
    // Closed before its changes went out (e.g. the person navigated away offline): the outbox takes over.
    outbox.deliverSoon();
  };
}

/**
 * The signed-in person's changes that never reached the server (typed offline), and the background sender that
 * delivers them from whatever page is open as soon as the browser is online: for each such document it opens a
 * short-lived connection with the stock y-websocket provider, waits until the server has stored the changes, and
 * forgets them then. Start it once, from the app's layout, with `start(userId)`.
 */
class Outbox {
  /** How many documents hold changes that the server has not had. */
  count = $state(0);
  #userId: number | null = null;
  #running = false;
  #again = false;
  #retry: ReturnType<typeof setInterval> | null = null;

  /** Starts watching and sending the unsent changes of `userId`; returns the function that stops it. */
  start(userId: number): () => void {
    this.#userId = userId;
    const stopWatching = onUnsentChange(this.#refresh);
    globalThis.addEventListener('online', this.deliverSoon);
    this.#retry = setInterval(this.deliverSoon, RETRY_MS);
    this.#refresh();
    return () => {
      stopWatching();
      globalThis.removeEventListener('online', this.deliverSoon);
      if (this.#retry) clearInterval(this.#retry);
      this.#retry = null;
      this.#userId = null;
      this.count = 0;
    };
  }

  /** Sends what waits, unless offline; one round at a time, and one more if asked again meanwhile. */
  deliverSoon = (): void => {
    if (this.#userId === null || !navigator.onLine) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.#deliverAll();
  };

  // Writes `count` without reading it: run inside an effect (start), a read would make the effect rerun itself.
  #refresh = (): void => {
    const count = this.#userId === null ? 0 : unsentChanges(this.#userId).length;
    this.count = count;
    if (count > 0) this.deliverSoon();
  };

  async #deliverAll(): Promise<void> {
    this.#running = true;
    try {
      do {
        this.#again = false;
        const userId = this.#userId;
        if (userId === null) return;
        const waiting = unsentChanges(userId).filter((change) => !onPage.has(change.documentName));
        if (waiting.length === 0) continue;
        // Yjs and the provider load only when something waits: every page has this outbox, few need it.
        // Not loaded (the connection dropped meanwhile): the next round tries again.
        const delivery = await import('./outbox-delivery.ts').catch(() => null);
        if (!delivery) return;
        // One document at a time: a person rarely has more than a few, and each costs the server a connection.
        for (const change of waiting) {
          if (onPage.has(change.documentName) || !navigator.onLine || this.#userId !== userId) continue;
          const outcome = await delivery.deliver(change);
          if (outcome !== 'retry') forgetUnsent(userId, change.documentName, change.update);
          if (outcome === 'refused') console.warn(`The server refused the unsent changes to ${change.documentName}.`);
        }
      } while (this.#again);
    } finally {
      this.#running = false;
    }
  }
}

/** The one outbox of this tab. */
export const outbox = new Outbox();

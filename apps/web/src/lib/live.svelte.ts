import {
  liveEventNames,
  type LiveEventName as ServerEventName,
  type LiveEvents as ServerEvents,
} from '@klankbord/domain';

export type { DiscussionEvent } from '@klankbord/domain';

/** What the stream says about a comment on a verslag: the comment as it is now. */
export type CommentEvent = ServerEvents['comment.created'];
/** What the stream says about a suggestion on a verslag: the suggestion as it is now. */
export type SuggestionEvent = ServerEvents['suggestion.created'];

/**
 * The events a page acts on, by their SSE event name: the server's (packages/domain/src/live-events.ts, the one
 * definition) and `resync`.
 */
export interface LiveEvents extends ServerEvents {
  /**
   * Not sent by the server: the stream came back after a break. Events may have been missed meanwhile, and the
   * server keeps no backlog (the database is the truth), so whoever listens reloads what it shows.
   */
  resync: Record<string, never>;
}
export type LiveEventType = keyof LiveEvents;
type Handler<K extends LiveEventType> = (event: LiveEvents[K]) => void;

/** The part of `EventSource` we use, so that tests can hand in a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

// EventSource.CLOSED: the browser gave up (an HTTP error such as 401 or 403, or a wrong content type).
const CLOSED = 2;
const SERVER_EVENTS: readonly ServerEventName[] = liveEventNames;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * A network's live event stream (`GET /api/networks/:slug/events`). The network layout opens it once for
 * all the network's pages (see live-context.ts); pages and components only subscribe with `on`. The browser's EventSource retries a dropped
 * connection by itself; when it gives up instead (the session ended, the member's role changed) this opens a
 * new one with a growing delay, so a page left open on a projector all day keeps working.
 */
export class LiveConnection {
  /** 'open' while events arrive; anything else means the page may be behind. */
  state: 'connecting' | 'open' | 'reconnecting' | 'closed' = $state('connecting');

  readonly #url: string;
  readonly #create: EventSourceFactory;
  readonly #handlers = new Map<LiveEventType, Set<(event: never) => void>>();
  #source: EventSourceLike | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #retryMs = FIRST_RETRY_MS;
  #wasReady = false;

  constructor(slug: string, create: EventSourceFactory = (url) => new EventSource(url)) {
    this.#url = `/api/networks/${encodeURIComponent(slug)}/events`;
    this.#create = create;
    this.#connect();
  }

  /** Calls `handler` for every event of this type until the returned function is called. */
  on<K extends LiveEventType>(type: K, handler: Handler<K>): () => void {
    let set = this.#handlers.get(type);
    if (!set) {
      set = new Set();
      this.#handlers.set(type, set);
    }
    set.add(handler as (event: never) => void);
    return () => set.delete(handler as (event: never) => void);
  }

  /** Ends the stream for good (the page goes away). */
  close(): void {
    this.state = 'closed';
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#source?.close();
    this.#source = null;
  }

  #emit<K extends LiveEventType>(type: K, event: LiveEvents[K]): void {
    for (const handler of this.#handlers.get(type) ?? []) (handler as Handler<K>)(event);
  }

  #connect(): void {
    const source = this.#create(this.#url);
    this.#source = source;
    // The server says `ready` once it has subscribed us: from then on nothing is missed.
    source.addEventListener('ready', () => {
      this.state = 'open';
      this.#retryMs = FIRST_RETRY_MS;
      if (this.#wasReady) this.#emit('resync', {});
      this.#wasReady = true;
    });
    for (const type of SERVER_EVENTS) {
      source.addEventListener(type, (message) => {
        let event: unknown;
        try {
          event = JSON.parse(String(message.data));
        } catch {
          return; // Not ours to act on; the next event or a reload brings the page up to date.
        }
        this.#emit(type, event as LiveEvents[typeof type]);
      });
    }
    source.onerror = () => {
      if (this.state === 'closed' || this.#source !== source) return;
      this.state = 'reconnecting';
      if (source.readyState !== CLOSED) return;
      source.close();
      this.#timer = setTimeout(() => {
        this.#timer = null;
        if (this.state !== 'closed') this.#connect();
      }, this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
    };
  }
}

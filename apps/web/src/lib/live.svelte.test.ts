import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type EventSourceLike, LiveConnection } from './live.svelte.ts';

/** A stand-in for the browser's EventSource that the test drives by hand. */
class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  readonly listeners = new Map<string, ((event: MessageEvent) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) {
      listener(new MessageEvent(type, { data: typeof data === 'string' ? data : JSON.stringify(data) }));
    }
  }
  /** The browser gives up on this stream (an HTTP error): readyState CLOSED, then `error`. */
  fail(): void {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
}

describe('LiveConnection', () => {
  let sources: FakeSource[];
  const connect = (slug = 'netwerk-grote-steden') =>
    new LiveConnection(slug, (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source;
    });

  beforeEach(() => {
    sources = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens one stream on the network’s events and hands each event to its subscribers', () => {
    const live = connect();
    const tallies: unknown[] = [];
    live.on('statement.tally', (event) => tallies.push(event));
    sources[0]!.emit('ready', { type: 'ready' });
    sources[0]!.emit('statement.tally', { meetingId: 1, statementId: 2, tally: { agree: 1, neutral: 0, disagree: 0 } });

    expect(sources.map((source) => source.url)).toEqual(['/api/networks/netwerk-grote-steden/events']);
    expect(live.state).toBe('open');
    expect(tallies).toEqual([{ meetingId: 1, statementId: 2, tally: { agree: 1, neutral: 0, disagree: 0 } }]);
  });

  it('stops calling a handler once it unsubscribes, and ignores data that is not JSON', () => {
    const live = connect();
    const seen: unknown[] = [];
    const off = live.on('meeting.status', (event) => seen.push(event));
    sources[0]!.emit('meeting.status', 'not json');
    off();
    sources[0]!.emit('meeting.status', { meetingId: 1, status: 'live' });
    expect(seen).toEqual([]);
  });

  it('opens a new stream after the browser gives up, and asks listeners to reload what they missed', () => {
    const live = connect();
    let resyncs = 0;
    live.on('resync', () => resyncs++);
    sources[0]!.emit('ready', {});
    sources[0]!.fail();
    expect(live.state).toBe('reconnecting');
    expect(sources).toHaveLength(1);

    vi.advanceTimersByTime(1_000);
    expect(sources).toHaveLength(2);
    sources[1]!.emit('ready', {});
    expect(live.state).toBe('open');
    expect(resyncs).toBe(1);
  });

  it('leaves retrying to the browser while it is still trying itself', () => {
    const live = connect();
    sources[0]!.readyState = 0;
    sources[0]!.onerror?.(new Event('error'));
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
    expect(live.state).toBe('reconnecting');
  });

  it('closes for good: no stream and no retry after close()', () => {
    const live = connect();
    sources[0]!.fail();
    live.close();
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
    expect(sources[0]!.closed).toBe(true);
    expect(live.state).toBe('closed');
  });
});

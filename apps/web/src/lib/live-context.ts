import { getContext, setContext } from 'svelte';
import type { LiveConnection } from './live.svelte.ts';

/** The network's one live connection, as the pages below the network layout reach it. */
export interface LiveContext {
  /** Null until the layout has opened it (and again while it switches to another network). */
  readonly connection: LiveConnection | null;
}

const key = Symbol('live');

/** In the network layout: hands its pages the connection that `current` reads (reactively). */
export function setLiveContext(current: () => LiveConnection | null): void {
  setContext<LiveContext>(key, {
    get connection() {
      return current();
    },
  });
}

/** In a page or component below the network layout: the network's live connection. */
export function liveContext(): LiveContext {
  const context = getContext<LiveContext | undefined>(key);
  if (!context) throw new Error('liveContext() is only available below routes/networks/[slug]/+layout.svelte');
  return context;
}

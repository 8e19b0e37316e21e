import type { Redis } from 'ioredis';

/**
 * Messages between the instances of one Klankbord, and what they share (Redis on a scale-out). One instance on
 * its own uses LocalBus, where nothing crosses and nothing is shared. Delivery is best effort: a message sent while
 * Redis is down is lost, and what depends on it is found again afterwards (`onReconnect`), never trusted to arrive.
 */
export interface Bus {
  /** This instance's name; messages carry it, so an instance never handles its own. */
  readonly instanceId: string;
  /** Redis for state the instances share (rate limits); null on one instance. */
  readonly redis: Redis | null;
  /** Sends `payload` to every other instance subscribed to `channel`. */
  publish(channel: string, payload: Uint8Array): void;
  /** Receives the other instances' messages on `channel` until the returned function is called. */
  subscribe(channel: string, handler: (payload: Uint8Array) => void): () => void;
  /**
   * Resolves once Redis delivers `channel`'s messages to this instance (at once when it is not reachable: what is
   * missed meanwhile is repaired after the reconnect).
   */
  subscribed(channel: string): Promise<void>;
  /** Runs `handler` each time the bus is back after messages may have been lost; returns the unsubscribe. */
  onReconnect(handler: () => void): () => void;
  /** True when the bus can deliver now (always, on one instance). */
  isUp(): Promise<boolean>;
  close(): Promise<void>;
}

/** The bus of an instance on its own: there is nobody to tell. */
export class LocalBus implements Bus {
  readonly redis = null;
  constructor(readonly instanceId: string) {}
  publish(): void {}
  subscribe(): () => void {
    return () => {};
  }
  async subscribed(): Promise<void> {}
  onReconnect(): () => void {
    return () => {};
  }
  async isUp(): Promise<boolean> {
    return true;
  }
  async close(): Promise<void> {}
}

/** Channel names, in one place. */
export const channels = {
  document: (name: string) => `kb:doc:${name}`,
  live: 'kb:live',
  revoke: 'kb:revoke',
  /** "I may have missed or dropped messages": every instance repairs (RedisBus). */
  repair: 'kb:repair',
} as const;

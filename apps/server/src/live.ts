import {
  type AddressType,
  type AnyLiveEvent,
  type AttachmentTarget,
  decide,
  type Facts,
  type LiveEventName,
  type LiveEventOf,
  type Need,
  type Role,
  type SubjectKind,
} from '@klankbord/domain';
import { type Bus, channels } from './cluster/bus.ts';
import { decodeRelayedEvent, encodeRelayedEvent, type RelayedEvent } from './cluster/live-relay.ts';
import type { Logger } from './logger.ts';

/**
 * Who may see an event: the address it concerns and the need, decided for each stream's role by the one access
 * decision (packages/domain/src/access.ts), with the facts of that address but the role.
 */
export interface Audience {
  type: AddressType;
  need: Need;
  facts: Omit<Facts, 'role'>;
  context?: { subjectKind?: SubjectKind; attachmentTarget?: AttachmentTarget };
}

/** One open event stream. */
export interface Subscriber {
  userId: number;
  /** The credential it was opened with, so that ending the credential ends the stream. */
  credential: string;
  role: Role;
  send(event: AnyLiveEvent): void;
  close(): void;
}

/** What a revocation selects streams by. */
export interface StreamInfo {
  networkId: number;
  userId: number;
  credential: string;
}

/**
 * Pushes events to the members of a network over server-sent events. The database stays the truth: an
 * event only says what changed, and a client that missed one reloads. Streams are held per instance; with a bus
 * (Redis), every event also goes to the other instances, which deliver it to their own streams.
 */
export class LiveHub {
  private readonly subscribers = new Map<number, Set<Subscriber>>();
  private readonly stopListening: (() => void)[] = [];

  /** Without a bus (one instance, unit tests), events stay in this process. */
  constructor(
    private readonly bus?: Bus,
    private readonly logger?: Logger,
  ) {
    if (!bus) return;
    this.stopListening.push(
      bus.subscribe(channels.live, (payload) => this.deliver(decodeRelayedEvent(payload))),
      // While the bus was away, events and revocations from the other instances may have been lost. Each stream
      // ends: the web app opens it again, is authorised afresh, and reloads what it shows (its `resync`).
      bus.onReconnect(() => this.endStreams()),
    );
  }

  /** How many streams are open in all (for /metrics). */
  get openStreams(): number {
    let count = 0;
    for (const set of this.subscribers.values()) count += set.size;
    return count;
  }

  /** How many streams a user has open, across networks (for the per-user cap). */
  countOf(userId: number): number {
    let count = 0;
    for (const set of this.subscribers.values())
      for (const subscriber of set) if (subscriber.userId === userId) count++;
    return count;
  }

  /** Registers a member's stream on a network; returns the function that unregisters it. */
  subscribe(networkId: number, subscriber: Subscriber): () => void {
    let set = this.subscribers.get(networkId);
    if (!set) {
      set = new Set();
      this.subscribers.set(networkId, set);
    }
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.subscribers.delete(networkId);
    };
  }

  /**
   * Sends an event to the network's subscribers whose role may see it, as the access decision says for the
   * audience's address and need.
   */
  publish<K extends LiveEventName>(networkId: number, event: LiveEventOf<K>, audience: Audience): void {
    this.relay({ to: 'network', networkId, event: event as AnyLiveEvent, audience });
  }

  /**
   * Sends a person's own event (a notification for them) to every stream they have open, in whichever network:
   * it concerns that person, not a network's thing, so no other access decision applies.
   */
  publishToUser<K extends LiveEventName>(userId: number, event: LiveEventOf<K>): void {
    this.relay({ to: 'user', userId, event: event as AnyLiveEvent });
  }

  /** Delivers to this instance's streams, and sends it to the other instances for theirs. */
  private relay(relayed: RelayedEvent): void {
    this.deliver(relayed);
    if (!this.bus) return;
    const payload = encodeRelayedEvent(relayed);
    if (payload) this.bus.publish(channels.live, payload);
    else this.logger?.warn({ event: relayed.event.type }, 'live event too large to relay to other instances');
  }

  /** Delivers an event, made here or on another instance, to the streams of this one that may see it. */
  private deliver(relayed: RelayedEvent): void {
    if (relayed.to === 'user') {
      for (const set of this.subscribers.values())
        for (const subscriber of set) if (subscriber.userId === relayed.userId) subscriber.send(relayed.event);
      return;
    }
    const { audience } = relayed;
    const byRole = new Map<Role, boolean>();
    for (const subscriber of this.subscribers.get(relayed.networkId) ?? []) {
      let visible = byRole.get(subscriber.role);
      if (visible === undefined) {
        const facts = { ...audience.facts, role: subscriber.role };
        visible = decide(audience.type, audience.need as never, facts, audience.context) === 'allow';
        byRole.set(subscriber.role, visible);
      }
      if (visible) subscriber.send(relayed.event);
    }
  }

  /** Ends the streams that match (see access/revoke.ts); returns how many. */
  close(match: (stream: StreamInfo) => boolean): number {
    let closed = 0;
    for (const [networkId, set] of [...this.subscribers]) {
      for (const subscriber of [...set]) {
        if (match({ networkId, userId: subscriber.userId, credential: subscriber.credential })) {
          subscriber.close();
          closed++;
        }
      }
    }
    return closed;
  }

  /** Ends every stream and stops hearing the other instances (shutdown). */
  closeAll(): void {
    for (const stop of this.stopListening.splice(0)) stop();
    this.endStreams();
  }

  private endStreams(): void {
    for (const set of [...this.subscribers.values()]) for (const subscriber of [...set]) subscriber.close();
  }
}

import { type AnyLiveEvent, liveEventNames } from '@klankbord/domain';
import type { Audience } from '../live.ts';

/**
 * A live event as it crosses to the other instances: the event and whom it is for. The audience travels as it
 * is, not a decision: each instance decides for its own streams, by their roles, with the one access decision.
 */
export type RelayedEvent =
  | { to: 'network'; networkId: number; event: AnyLiveEvent; audience: Audience }
  | { to: 'user'; userId: number; event: AnyLiveEvent };

/**
 * The largest relayed event, encoded. The largest real ones (a discussion message of 4000 characters with its
 * thread, a comment with its quote) take a few tens of KiB; a bigger message from the bus is refused unread.
 */
export const MAX_RELAYED_EVENT_BYTES = 256 * 1024;

const names = new Set<string>(liveEventNames);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The bytes of a relayed event, or null when it is larger than the others accept. */
export function encodeRelayedEvent(relayed: RelayedEvent): Uint8Array | null {
  const bytes = encoder.encode(JSON.stringify(relayed));
  return bytes.byteLength > MAX_RELAYED_EVENT_BYTES ? null : bytes;
}

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a relayed event from the bus; throws on anything else (the bus logs it and goes on). Only the envelope
 * is checked: the sender is another instance of ours, and the payload goes to clients as the sender made it.
 */
export function decodeRelayedEvent(payload: Uint8Array): RelayedEvent {
  if (payload.byteLength > MAX_RELAYED_EVENT_BYTES) throw new Error('relayed event too large');
  const relayed: unknown = JSON.parse(decoder.decode(payload));
  if (!isObject(relayed) || !isObject(relayed.event) || !names.has(relayed.event.type as string)) {
    throw new Error('not a relayed live event');
  }
  if (relayed.to === 'user' && isId(relayed.userId)) return relayed as RelayedEvent;
  const audience = relayed.audience;
  if (
    relayed.to === 'network' &&
    isId(relayed.networkId) &&
    isObject(audience) &&
    typeof audience.type === 'string' &&
    typeof audience.need === 'string' &&
    isObject(audience.facts)
  ) {
    return relayed as RelayedEvent;
  }
  throw new Error('not a relayed live event');
}

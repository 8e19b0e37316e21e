import * as Y from 'yjs';
import { encodeMessage, writeUpdate } from './protocol.ts';

/** An update applied to a room, and whom it came from (a member, or the server itself). */
export interface OutgoingUpdate {
  update: Uint8Array;
  origin: unknown;
}

/** Whom a room sends to; the same bytes go to every member, framed by the socket layer without a copy. */
interface Recipient {
  send(message: Uint8Array): void;
}

const FROM_NOBODY_HERE = Symbol('every update of the batch');

/**
 * Sends the updates of one commit as one frame per member instead of one per update: the updates that member did
 * not send itself, merged. Each distinct frame is encoded once; usually there are two (for the writer's peers, and
 * nothing for the writer).
 */
export function sendCommitted(batch: readonly OutgoingUpdate[], members: Iterable<Recipient>): void {
  const origins = new Set(batch.map((entry) => entry.origin));
  const frames = new Map<unknown, Uint8Array | null>();
  const frameFor = (member: Recipient): Uint8Array | null => {
    const excluded = origins.has(member) ? member : FROM_NOBODY_HERE;
    let frame = frames.get(excluded);
    if (frame === undefined) {
      const updates = batch.filter((entry) => entry.origin !== excluded).map((entry) => entry.update);
      const merged = updates.length === 1 ? updates[0] : updates.length > 1 ? Y.mergeUpdates(updates) : undefined;
      frame = merged ? encodeMessage((e) => writeUpdate(e, merged)) : null;
      frames.set(excluded, frame);
    }
    return frame;
  };
  for (const member of members) {
    const frame = frameFor(member);
    if (frame) member.send(frame);
  }
}

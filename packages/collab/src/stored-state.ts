import type { StoredSnapshot, StoredState } from '@klankbord/db';
import * as Y from 'yjs';

/** Applies a document's stored segments (each in whichever encoding it was written) and the log after them. */
export function applyStoredState(doc: Y.Doc, stored: StoredState): void {
  Y.transact(doc, () => {
    for (const segment of stored.segments) {
      if (segment.format === 2) Y.applyUpdateV2(doc, segment.data);
      else Y.applyUpdate(doc, segment.data);
    }
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
}

/** A document's whole state as a segment is written: Yjs V2, about half the size of V1 for edited text. */
export function encodeSnapshot(doc: Y.Doc): StoredSnapshot {
  return { data: Y.encodeStateAsUpdateV2(doc), format: 2 };
}

/** Log updates (Yjs V1) merged into one segment, without a document: what it costs is what the log holds. */
export function foldUpdates(updates: Uint8Array[]): StoredSnapshot {
  const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
  return { data: Y.convertUpdateFormatV1ToV2(merged), format: 2 };
}

/** Two adjacent segments merged into one, older first. */
export function mergeSegments(older: StoredSnapshot, newer: StoredSnapshot): StoredSnapshot {
  const v2 = (segment: StoredSnapshot) =>
    segment.format === 2 ? segment.data : Y.convertUpdateFormatV1ToV2(segment.data);
  return { data: Y.mergeUpdatesV2([v2(older), v2(newer)]), format: 2 };
}

/** An update that changes nothing (Yjs V1): what an empty stored state amounts to. */
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/**
 * The stored state as one Yjs V1 update, without building a document: converting and merging the stored bytes
 * costs less than integrating them into a Y.Doc and encoding that again.
 */
export function storedUpdate(stored: StoredState): Uint8Array {
  const parts = [
    ...stored.segments.map((segment) =>
      segment.format === 2 ? Y.convertUpdateFormatV2ToV1(segment.data) : segment.data,
    ),
    ...stored.updates,
  ];
  if (parts.length === 0) return EMPTY_UPDATE;
  return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
}

/** The stored state as a Y.Doc of its own, for reading a document without a room; the caller destroys it. */
export function storedDocument(stored: StoredState): Y.Doc {
  const doc = new Y.Doc();
  applyStoredState(doc, stored);
  return doc;
}

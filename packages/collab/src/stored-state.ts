import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { StoredSnapshot, StoredState } from '@klankbord/db';
import * as Y from 'yjs';

// Segments are written as Yjs V1, deflated (format 3). For edited text that is smaller than Yjs V2 (the
// Automerge-paper document: V1 311 KB, V2 160 KB, V1 deflated 106 KB), and it is what the stock client takes:
// a cold room answers a new client with the inflated bytes as they are (zlib, native code), where V2 would have
// to be converted by Yjs in JavaScript that V8 has not compiled yet after a start. Formats 1 (V1) and 2 (V2),
// written by earlier versions, are still read.

/** A segment's bytes as one Yjs V1 update, whichever format it was written in. */
function v1Of(segment: StoredSnapshot): Uint8Array {
  if (segment.format === 3) return inflateRawSync(segment.data);
  if (segment.format === 2) return Y.convertUpdateFormatV2ToV1(segment.data);
  return segment.data;
}

function segmentOf(update: Uint8Array, stateVector: Uint8Array): StoredSnapshot {
  return { data: deflateRawSync(update), format: 3, stateVector, updateBytes: update.byteLength };
}

/** Applies a document's stored segments (each in whichever format it was written) and the log after them. */
export function applyStoredState(doc: Y.Doc, stored: StoredState): void {
  Y.transact(doc, () => {
    for (const segment of stored.segments) {
      if (segment.format === 2) Y.applyUpdateV2(doc, segment.data);
      else Y.applyUpdate(doc, v1Of(segment));
    }
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
}

/** A document's whole state, as a segment is written. */
export function encodeSnapshot(doc: Y.Doc): StoredSnapshot {
  return segmentOf(Y.encodeStateAsUpdate(doc), Y.encodeStateVector(doc));
}

/** Log updates (Yjs V1) merged into one segment, without a document: what it costs is what the log holds. */
export function foldUpdates(updates: Uint8Array[]): StoredSnapshot {
  const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
  return segmentOf(merged, Y.encodeStateVectorFromUpdate(merged));
}

/** Two adjacent segments merged into one, older first. */
export function mergeSegments(older: StoredSnapshot, newer: StoredSnapshot): StoredSnapshot {
  const merged = Y.mergeUpdates([v1Of(older), v1Of(newer)]);
  return segmentOf(merged, Y.encodeStateVectorFromUpdate(merged));
}

/** An update that changes nothing (Yjs V1): what an empty stored state amounts to. */
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/** The stored state as one Yjs V1 update, without building a document. */
export function storedUpdate(stored: StoredState): Uint8Array {
  const parts = [...stored.segments.map(v1Of), ...stored.updates];
  if (parts.length === 0) return EMPTY_UPDATE;
  return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
}

/** The stored state's state vector, read from `update` (storedUpdate's) unless one segment alone keeps it. */
export function storedStateVector(stored: StoredState, update: () => Uint8Array): Uint8Array {
  const [only, ...others] = stored.segments;
  if (only?.stateVector && others.length === 0 && stored.updates.length === 0) return only.stateVector;
  return Y.encodeStateVectorFromUpdate(update());
}

/** The stored state as a Y.Doc of its own, for reading a document without a room; the caller destroys it. */
export function storedDocument(stored: StoredState): Y.Doc {
  const doc = new Y.Doc();
  applyStoredState(doc, stored);
  return doc;
}

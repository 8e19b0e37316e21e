import type { StoredSnapshot, StoredState } from '@klankbord/db';
import * as Y from 'yjs';

/** Applies a document's stored snapshot (in whichever encoding it was written) and the log after it. */
export function applyStoredState(doc: Y.Doc, stored: StoredState): void {
  Y.transact(doc, () => {
    if (stored.snapshot?.format === 2) Y.applyUpdateV2(doc, stored.snapshot.data);
    else if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.data);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
}

/** A document's whole state as a snapshot is written: Yjs V2, about half the size of V1 for edited text. */
export function encodeSnapshot(doc: Y.Doc): StoredSnapshot {
  return { data: Y.encodeStateAsUpdateV2(doc), format: 2 };
}

/** The stored state as a Y.Doc of its own, for reading a document without a room; the caller destroys it. */
export function storedDocument(stored: StoredState): Y.Doc {
  const doc = new Y.Doc();
  applyStoredState(doc, stored);
  return doc;
}

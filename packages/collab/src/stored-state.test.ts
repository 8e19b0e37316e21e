import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  encodeSnapshot,
  foldUpdates,
  mergeSegments,
  storedDocument,
  storedStateVector,
  storedUpdate,
} from './stored-state.ts';

const TRACE = new URL('../../../../shared/data/automerge-paper.json.gz', import.meta.url);

interface Trace {
  txns: { patches: [position: number, deleteCount: number, insert: string][] }[];
}

/** Edits of the trace replayed: enough for two clients, many deletions and a long text, in about a second. */
const EDITS = 40_000;

/** The start of a real editing trace, typed by two people taking turns, every edit its own update. */
function editedDocument(): { doc: Y.Doc; endContent: string; updates: Uint8Array[] } {
  const trace = JSON.parse(gunzipSync(readFileSync(TRACE)).toString('utf8')) as Trace;
  const doc = new Y.Doc();
  const other = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('content');
  const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
  let plain = '';
  trace.txns.slice(0, EDITS).forEach((txn, index) => {
    // Every 5,000 edits the other person takes over, so the state holds two clients and their deletions.
    const turn = Math.floor(index / 5000);
    if (index % 5000 === 0) turn % 2 === 0 ? sync(other, doc) : sync(doc, other);
    const writer = turn % 2 === 0 ? doc : other;
    writer.transact(() => {
      for (const [position, deleteCount, insert] of txn.patches) {
        if (deleteCount > 0) writer.getText('content').delete(position, deleteCount);
        if (insert) writer.getText('content').insert(position, insert);
        plain = plain.slice(0, position) + insert + plain.slice(position + deleteCount);
      }
    });
  });
  sync(other, doc);
  doc.getMap('meta').set('title', 'Netwerkdag Utrecht');
  doc.getXmlFragment('body').insert(0, [new Y.XmlElement('heading')]);
  expect(text.toString()).toBe(plain);
  return { doc, endContent: plain, updates };
}

describe('stored state', { timeout: 30_000 }, () => {
  it('round-trips a real edited document through a stored segment with an identical state', () => {
    const { doc, endContent } = editedDocument();
    const segment = encodeSnapshot(doc);
    const copy = storedDocument({ segments: [{ ...segment, lastUpdateId: 1 }], updates: [] });
    expect(copy.getText('content').toString()).toBe(endContent);
    // Same items, same clients, same deletions: the V1 encoding of both states is byte for byte the same.
    expect(Buffer.from(Y.encodeStateAsUpdate(copy)).equals(Buffer.from(Y.encodeStateAsUpdate(doc)))).toBe(true);
    expect(segment.stateVector).toEqual(Y.encodeStateVector(doc));
    // Smaller than Yjs V2, which is itself about half of V1.
    expect(segment.data.byteLength).toBeLessThan(Y.encodeStateAsUpdateV2(doc).byteLength);
  });

  it('reads V1 and V2 segments written before, and the log after any segment', () => {
    const { doc, updates } = editedDocument();
    const half = Math.floor(updates.length / 2);
    const base = new Y.Doc();
    for (const update of updates.slice(0, half)) Y.applyUpdate(base, update);
    const expected = Buffer.from(Y.encodeStateAsUpdate(doc));
    const written = [
      { data: Y.encodeStateAsUpdate(base), format: 1 as const },
      { data: Y.encodeStateAsUpdateV2(base), format: 2 as const },
      encodeSnapshot(base),
    ];
    for (const segment of written) {
      const copy = storedDocument({ segments: [{ ...segment, lastUpdateId: half }], updates: updates.slice(half) });
      expect(Buffer.from(Y.encodeStateAsUpdate(copy)).equals(expected)).toBe(true);
    }
  });

  it('gives the whole state and its state vector from folded and merged segments, without a document', () => {
    const { doc, updates } = editedDocument();
    const third = Math.floor(updates.length / 3);
    const first = foldUpdates(updates.slice(0, third));
    const second = foldUpdates(updates.slice(third, 2 * third));
    const stored = {
      segments: [{ ...mergeSegments(first, second), lastUpdateId: 2 * third }],
      updates: updates.slice(2 * third),
    };
    const whole = storedUpdate(stored);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, whole);
    expect(copy.getText('content').toString()).toBe(doc.getText('content').toString());
    expect(storedStateVector(stored, () => whole)).toEqual(Y.encodeStateVector(doc));
    // One segment and no log: its own state vector, without reading the update at all.
    const alone = { segments: [{ ...encodeSnapshot(doc), lastUpdateId: 1 }], updates: [] };
    expect(storedStateVector(alone, () => new Uint8Array())).toEqual(Y.encodeStateVector(doc));
  });
});

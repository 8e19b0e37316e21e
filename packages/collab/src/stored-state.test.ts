import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyStoredState, encodeSnapshot, storedDocument } from './stored-state.ts';

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
  it('round-trips a real edited document through a V2 snapshot with an identical state', () => {
    const { doc, endContent } = editedDocument();
    const snapshot = encodeSnapshot(doc);
    const copy = storedDocument({ segments: [{ ...snapshot, lastUpdateId: 1 }], updates: [] });
    expect(copy.getText('content').toString()).toBe(endContent);
    // Same items, same clients, same deletions: the V1 encoding of both states is byte for byte the same.
    expect(Buffer.from(Y.encodeStateAsUpdate(copy)).equals(Buffer.from(Y.encodeStateAsUpdate(doc)))).toBe(true);
    expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
    expect(snapshot.data.byteLength).toBeLessThan(Y.encodeStateAsUpdate(doc).byteLength);
  });

  it('reads a V1 snapshot written before, and the log after any snapshot', () => {
    const { doc, updates } = editedDocument();
    const half = Math.floor(updates.length / 2);
    const base = new Y.Doc();
    for (const update of updates.slice(0, half)) Y.applyUpdate(base, update);
    const fromV1 = new Y.Doc();
    applyStoredState(fromV1, {
      segments: [{ data: Y.encodeStateAsUpdate(base), format: 1, lastUpdateId: half }],
      updates: updates.slice(half),
    });
    const fromV2 = storedDocument({
      segments: [{ ...encodeSnapshot(base), lastUpdateId: half }],
      updates: updates.slice(half),
    });
    const expected = Buffer.from(Y.encodeStateAsUpdate(doc));
    expect(Buffer.from(Y.encodeStateAsUpdate(fromV1)).equals(expected)).toBe(true);
    expect(Buffer.from(Y.encodeStateAsUpdate(fromV2)).equals(expected)).toBe(true);
  });
});

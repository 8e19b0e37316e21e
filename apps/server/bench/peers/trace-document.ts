/**
 * Cold load and bytes on disk of a real document: the final state of the Automerge-paper editing trace, built
 * once with Yjs (every trace transaction its own Yjs transaction, so the history is the trace's), stored through
 * each server by a stock client as one update, then the server stopped gracefully.
 * - bytes on disk: the data directory then, minus that of a server started and stopped with no document, divided
 *   by the length of the document's Yjs V2 encoding;
 * - cold load: the server restarted on that directory, a fresh client timed from its creation until its text
 *   equals the trace's endContent (complete, not merely "synced"); a restart before every load.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { withDrivers } from './drivers.ts';
import { add, type Context, makeDir, removeDir, type Scenario, sleep, withServer } from './scenario.ts';
import { directoryBytes } from './servers.ts';

const TRACE = new URL('../../../../../shared/data/automerge-paper.json.gz', import.meta.url);
const ROOM = 'automerge-paper';
const LOADS_PER_RUN = 2;

interface Trace {
  startContent: string;
  endContent: string;
  txns: { patches: [position: number, deleteCount: number, insert: string][] }[];
}

/** Builds the trace's final document and writes it (V2 update) and its text to files in `dir`. */
export function prepareTraceDocument(dir: string): Context {
  const trace = JSON.parse(gunzipSync(readFileSync(TRACE)).toString('utf8')) as Trace;
  const doc = new Y.Doc();
  const text = doc.getText('content');
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [position, deleteCount, insert] of txn.patches) {
        if (deleteCount > 0) text.delete(position, deleteCount);
        if (insert.length > 0) text.insert(position, insert);
      }
    });
  }
  if (text.toString() !== trace.endContent) throw new Error('the replayed trace does not end in endContent');
  const update = Y.encodeStateAsUpdateV2(doc);
  const updateFile = join(dir, 'automerge-paper.ydoc-v2');
  const expectedFile = join(dir, 'automerge-paper.txt');
  writeFileSync(updateFile, update);
  writeFileSync(expectedFile, trace.endContent);
  return { updateFile, expectedFile, updateV2Bytes: update.byteLength };
}

export function traceDocument(quick: boolean): Scenario {
  const loads = quick ? 5 : LOADS_PER_RUN;
  return {
    name: 'trace',
    figures: [
      { name: 'cold load of the trace document until the text is complete', unit: 'ms', better: 'lower' },
      { name: 'bytes on disk ÷ Yjs V2 encoding of the document', unit: '×', better: 'lower' },
    ],
    async run(peer, samples, { context }) {
      const empty = makeDir();
      const dataDir = makeDir();
      try {
        await withServer(peer, empty, async () => {});
        const emptyBytes = directoryBytes(empty);
        await withDrivers(1, async ([driver]) => {
          await withServer(peer, dataDir, async (server) => {
            await driver!.ask('store', { target: server.target, room: ROOM, ...context, timeoutMs: 60_000 }, 65_000);
            // Hocuspocus stores when the last client leaves; give every server a moment before the graceful stop.
            await sleep(1500);
          });
          add(
            samples,
            'bytes on disk ÷ Yjs V2 encoding of the document',
            (directoryBytes(dataDir) - emptyBytes) / context.updateV2Bytes,
          );
          for (let load = 0; load < loads; load++) {
            const ms = await withServer(peer, dataDir, (server) =>
              driver!.ask<number>(
                'coldLoad',
                { target: server.target, room: ROOM, expectedFile: context.expectedFile, timeoutMs: 30_000 },
                35_000,
              ),
            );
            add(samples, 'cold load of the trace document until the text is complete', ms);
          }
        });
      } finally {
        removeDir(empty);
        removeDir(dataDir);
      }
    },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, ensureDocument, loadDocumentState, openDatabase } from '@klankbord/db';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpdateLog } from './persistence.ts';

/** Counts INSERT statements, to see how many transactions the log really issues. */
class InsertCounter implements KyselyPlugin {
  inserts = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (args.node.kind === 'InsertQueryNode') this.inserts++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe('UpdateLog', () => {
  let dir: string;
  let db: Db;
  let counter: InsertCounter;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klankbord-log-'));
    db = await openDatabase({ file: join(dir, 'klankbord.sqlite') });
    counter = new InsertCounter();
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits a burst of appends from one turn in one statement', async () => {
    const a = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    const b = await ensureDocument(db, { name: 'b', kind: 'b', scope: '' });
    const log = new UpdateLog(db.withPlugin(counter));
    const commits: Promise<void>[] = [];
    for (let i = 0; i < 1000; i++) commits.push(log.append(i % 2 ? a.id : b.id, new Uint8Array([i % 256])));
    await Promise.all(commits);
    expect(counter.inserts).toBe(1);
    expect((await loadDocumentState(db, a.id)).updates).toHaveLength(500);
    expect((await loadDocumentState(db, b.id)).updates).toHaveLength(500);
  });

  it('gathers appends made during a commit into the next batch, in order', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    const log = new UpdateLog(db.withPlugin(counter));
    const commits: Promise<void>[] = [];
    for (let turn = 0; turn < 5; turn++) {
      for (let i = 0; i < 10; i++) commits.push(log.append(doc.id, new Uint8Array([turn * 10 + i])));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(commits);
    await log.drain();
    expect(counter.inserts).toBeLessThanOrEqual(5);
    const stored = await loadDocumentState(db, doc.id);
    expect(stored.updates.map((u) => u[0])).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('rejects the appends of a batch whose transaction fails, and keeps working afterwards', async () => {
    const doc = await ensureDocument(db, { name: 'a', kind: 'a', scope: '' });
    const log = new UpdateLog(db);
    // A document id that does not exist violates the foreign key and fails the whole batch.
    const failing = Promise.all([log.append(doc.id, new Uint8Array([1])), log.append(9999, new Uint8Array([2]))]);
    await expect(failing).rejects.toThrow(/FOREIGN KEY/);
    expect((await loadDocumentState(db, doc.id)).updates).toHaveLength(0);
    await log.append(doc.id, new Uint8Array([3]));
    expect((await loadDocumentState(db, doc.id)).updates.map((u) => u[0])).toEqual([3]);
  });
});

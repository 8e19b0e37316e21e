import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './connection.ts';
import {
  appendUpdates,
  compactDocument,
  ensureDocument,
  foldDocumentLog,
  loadDocumentState,
  type StoredSnapshot,
  type StoredState,
} from './documents.ts';
import { runAdmin } from './test-database.ts';

// Two instances are two pools on one PostgreSQL database. An "update" here is a set of numbers, a segment the union
// of what it folded: a document loses nothing when the union of what it stores holds every number ever committed.

const encode = (ids: Iterable<number>): Uint8Array => {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const bytes = new Uint8Array(sorted.length * 4);
  const view = new DataView(bytes.buffer);
  for (const [i, id] of sorted.entries()) view.setUint32(i * 4, id);
  return bytes;
};
const decode = (bytes: Uint8Array): number[] => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getUint32(i * 4));
};
const snapshot = (ids: Iterable<number>): StoredSnapshot => ({ data: encode(ids), format: 1 });
const idsOf = (state: StoredState) =>
  new Set([...state.segments, ...state.updates.map((data) => ({ data }))].flatMap((s) => decode(s.data)));

describe('compaction with two instances on one PostgreSQL database', () => {
  let name = '';
  let first: Db;
  let second: Db;
  const adminUrl = () => process.env.KLANKBORD_TEST_POSTGRES_URL!;

  beforeEach(async () => {
    name = `klankbord_compaction_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await runAdmin(adminUrl(), `CREATE DATABASE ${name} TEMPLATE ${process.env.KLANKBORD_TEST_POSTGRES_TEMPLATE}`);
    const url = new URL(adminUrl());
    url.pathname = `/${name}`;
    first = await openDatabase({ url: url.toString(), poolSize: 4 });
    second = await openDatabase({ url: url.toString(), poolSize: 4 });
  });
  afterEach(async () => {
    await first.destroy();
    await second.destroy();
    await runAdmin(adminUrl(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('keeps an update that commits with a lower id after another instance compacted a higher one', async () => {
    const doc = await ensureDocument(first, { name: 'notes:ngs:a', kind: 'notes', scope: 'ngs' });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const insertedNow = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    // The first instance takes an id and holds its transaction open...
    const late = first.transaction().execute(async (trx) => {
      await trx
        .insertInto('document_updates')
        .values({ document_id: doc.id, data: encode([1]), created_at: 0 })
        .execute();
      inserted();
      await held;
    });
    await insertedNow;
    // ...while the second commits a higher id and compacts it, both ways.
    await appendUpdates(second, [{ documentId: doc.id, data: encode([2]) }]);
    expect(await compactDocument(second, doc.id, () => snapshot([2]))).toMatchObject({ removedUpdates: 1 });
    await appendUpdates(second, [{ documentId: doc.id, data: encode([3]) }]);
    await foldDocumentLog(
      second,
      doc.id,
      (updates) => snapshot(updates.flatMap(decode)),
      (a, b) => snapshot([...decode(a.data), ...decode(b.data)]),
      () => true,
    );
    release();
    await late;
    expect([...idsOf(await loadDocumentState(second, doc.id))].sort()).toEqual([1, 2, 3]);
  });

  it('lets only one instance compact a document at a time', async () => {
    const doc = await ensureDocument(first, { name: 'notes:ngs:b', kind: 'notes', scope: 'ngs' });
    await appendUpdates(first, [{ documentId: doc.id, data: encode([1]) }]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const lockedNow = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const compacting = first.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${0x6b62}, ${doc.id})`.execute(trx);
      locked();
      await held;
    });
    await lockedNow;
    expect(await compactDocument(second, doc.id, () => snapshot([1]))).toEqual({ skipped: true });
    expect(
      await foldDocumentLog(
        second,
        doc.id,
        (u) => snapshot(u.flatMap(decode)),
        (a) => a,
        () => false,
      ),
    ).toEqual({ skipped: true });
    release();
    await compacting;
    expect(await compactDocument(second, doc.id, () => snapshot([1]))).toMatchObject({ removedUpdates: 1 });
  });

  it('loses nothing while both instances write and compact the same document at once', async () => {
    const doc = await ensureDocument(first, { name: 'notes:ngs:c', kind: 'notes', scope: 'ngs' });
    const committed = new Set<number>();
    let next = 0;
    const instance = (db: Db, rounds: number) => {
      // What this instance's room holds: its own committed updates and what compaction made it take in.
      const known = new Set<number>();
      return (async () => {
        for (let round = 0; round < rounds; round++) {
          const batch = Array.from({ length: 5 }, () => ++next);
          await appendUpdates(
            db,
            batch.map((id) => ({ documentId: doc.id, data: encode([id]) })),
          );
          for (const id of batch) {
            committed.add(id);
            known.add(id);
          }
          if (round % 3 === 0)
            await compactDocument(db, doc.id, () => snapshot(known), {
              absorb: (stored) => {
                for (const id of idsOf(stored)) known.add(id);
              },
            });
          else if (round % 3 === 1)
            await foldDocumentLog(
              db,
              doc.id,
              (updates) => snapshot(updates.flatMap(decode)),
              (a, b) => snapshot([...decode(a.data), ...decode(b.data)]),
              (older, newer) => newer * 2 >= older,
            );
        }
      })();
    };
    await Promise.all([instance(first, 60), instance(second, 60), instance(first, 40), instance(second, 40)]);
    const stored = idsOf(await loadDocumentState(first, doc.id));
    expect([...committed].filter((id) => !stored.has(id))).toEqual([]);
    expect(committed.size).toBe(1000);
  });
});

import { SQLite, type SqliteDatabase, type SqliteStatement } from './sqlite.ts';

/** What a transaction did to the update log: appended a batch, compacted a document, or something else. */
export type TransactionKind = 'append' | 'compaction' | 'other';

/** One committed transaction as seen from outside the server. */
export interface ObservedTransaction {
  kind: TransactionKind;
  /** Rows inserted into document_updates (the size of the group commit for an append). */
  rows: number;
  /** Bytes of snapshot blobs written (compaction only). */
  snapshotBytes: number;
  /** From `begin` to the end of `commit`, including the work in between (for compaction: encoding the snapshot). */
  totalMs: number;
  /** The `commit` statement alone: with synchronous=FULL, this is the WAL fsync, and it blocks the event loop. */
  commitMs: number;
}

type Prepare = (this: SqliteDatabase, source: string) => SqliteStatement;

/**
 * Counts the transactions the server commits, without touching server code: the bench runs the server in
 * this process, so wrapping better-sqlite3's `prepare` sees every statement kysely sends. kysely runs each
 * statement right after preparing it and uses one connection, so statements arrive in order. Only the
 * observed window is recorded; `stop()` restores the original method.
 */
export function observeTransactions(): { stop(): ObservedTransaction[] } {
  const prototype = SQLite.prototype as { prepare: Prepare };
  const original = prototype.prepare;
  const observed: ObservedTransaction[] = [];
  let open: { kind: TransactionKind; rows: number; snapshotBytes: number; began: number } | null = null;

  prototype.prepare = function prepare(source) {
    const statement = original.call(this, source);
    const head = source.slice(0, 40).toLowerCase();
    if (head === 'begin') {
      open = { kind: 'other', rows: 0, snapshotBytes: 0, began: performance.now() };
    } else if (open && head.startsWith('insert into "document_updates"')) {
      open.kind = 'append';
      // One multi-row insert per chunk of the batch: `changes` is the number of updates it logged.
      const run = statement.run.bind(statement);
      const transaction = open;
      statement.run = ((...parameters: unknown[]) => {
        const result = run(...parameters);
        transaction.rows += result.changes;
        return result;
      }) as typeof statement.run;
    } else if (open && head.startsWith('insert into "document_snapshots"')) {
      const run = statement.run.bind(statement);
      const transaction = open;
      statement.run = ((...parameters: unknown[]) => {
        // An upsert binds the blob twice (insert values and update set); SQLite writes it once.
        const blobs = new Set(parameters.flat().filter((value) => value instanceof Uint8Array));
        for (const blob of blobs) transaction.snapshotBytes += blob.byteLength;
        return run(...parameters);
      }) as typeof statement.run;
    } else if (open && head.startsWith('delete from "document_updates"')) {
      open.kind = 'compaction';
    } else if (open && head === 'commit') {
      const run = statement.run.bind(statement);
      const transaction = open;
      open = null;
      statement.run = ((...parameters: unknown[]) => {
        const started = performance.now();
        const result = run(...parameters);
        const ended = performance.now();
        observed.push({
          kind: transaction.kind,
          rows: transaction.rows,
          snapshotBytes: transaction.snapshotBytes,
          totalMs: ended - transaction.began,
          commitMs: ended - started,
        });
        return result;
      }) as typeof statement.run;
    } else if (head === 'rollback') {
      open = null;
    }
    return statement;
  };

  return {
    stop() {
      prototype.prepare = original;
      return observed;
    },
  };
}

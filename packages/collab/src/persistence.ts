import { appendUpdates, type Db, type PendingUpdate } from '@klankbord/db';

interface Batch {
  updates: PendingUpdate[];
  committed: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function createBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const committed = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A failed batch is handled by whoever awaits append(); this keeps an unawaited one from crashing Node.
  committed.catch(() => {});
  return { updates: [], committed, resolve, reject };
}

/** Told of each group commit that became durable: how long its transaction took, and how many updates it held. */
export type CommitObserver = (ms: number, updates: number) => void;

/**
 * The update log with group commit. Every update appended during one turn of the event loop — from
 * any room — goes into one transaction; while that transaction runs, new updates gather for the next.
 * A burst of a thousand keystrokes therefore costs a handful of fsyncs, and batches commit in order,
 * so a promise that resolves means every earlier append is durable too.
 */
export class UpdateLog {
  private next: Batch | null = null;
  private inFlight: Promise<void> | null = null;
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly onCommit?: CommitObserver,
  ) {}

  /** Queues an update; the promise resolves once it is committed and rejects if the commit fails. */
  append(documentId: number, data: Uint8Array): Promise<void> {
    this.next ??= createBatch();
    this.next.updates.push({ documentId, data });
    this.schedule();
    return this.next.committed;
  }

  /** Resolves when everything appended so far has been committed (or has failed). */
  async drain(): Promise<void> {
    while (this.inFlight || this.next) {
      await (this.inFlight ?? this.next?.committed)?.catch(() => {});
    }
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    // setImmediate, not a microtask: it lets every message already read from the sockets join this batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const batch = this.next;
    if (!batch) return;
    this.next = null;
    const started = performance.now();
    this.inFlight = appendUpdates(this.db, batch.updates).then(() => {
      this.onCommit?.(performance.now() - started, batch.updates.length);
      batch.resolve();
    }, batch.reject);
    void this.inFlight.finally(() => {
      this.inFlight = null;
      if (this.next) this.schedule();
    });
  }
}

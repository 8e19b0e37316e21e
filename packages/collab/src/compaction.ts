import { compactDocument, type Db } from '@klankbord/db';
import type * as Y from 'yjs';
import type { CollabLogger } from './logger.ts';
import { encodeSnapshot } from './stored-state.ts';

// A compaction rewrites the whole snapshot. Waiting until the log holds at least half the snapshot's bytes keeps
// what compaction writes within about twice what the edits wrote, however large the document grows; the cap on
// the number of updates keeps a cold load from replaying an endless log of tiny edits.
const LOG_TO_SNAPSHOT_RATIO = 0.5;
const MAX_THRESHOLDS = 20;

/** What the log holds that no snapshot covers yet. */
export interface LogSize {
  updates: number;
  bytes: number;
}

/**
 * Folds a document's update log into its snapshot, and on unload. It compacts once the log holds `threshold`
 * updates AND half the snapshot's bytes (or `threshold` × 20 updates, whatever their size). One compaction at a
 * time per document; updates that commit meanwhile stay in the log.
 */
export class Compactor {
  private running: Promise<void> | null = null;
  private uncompacted: number;
  private uncompactedBytes: number;

  constructor(
    private readonly db: Db,
    private readonly documentId: number,
    private readonly doc: Y.Doc,
    private readonly threshold: number,
    private readonly logger: CollabLogger,
    log: LogSize,
    /** The stored snapshot's size in bytes (0 without one). */
    private snapshotBytes: number,
  ) {
    this.uncompacted = log.updates;
    this.uncompactedBytes = log.bytes;
  }

  /** What the document takes in the database: its snapshot and the committed log after it, in bytes. */
  get storedBytes(): number {
    return this.snapshotBytes + this.uncompactedBytes;
  }

  /** True when the log has grown enough to be worth a rewrite of the snapshot. */
  get due(): boolean {
    if (this.uncompacted >= this.threshold * MAX_THRESHOLDS) return true;
    return this.uncompacted >= this.threshold && this.uncompactedBytes >= this.snapshotBytes * LOG_TO_SNAPSHOT_RATIO;
  }

  /** Counts committed updates of `bytes` together and compacts when the log is due. */
  committed(updates: number, bytes: number): void {
    this.uncompacted += updates;
    this.uncompactedBytes += bytes;
    if (this.due) void this.run();
  }

  /** Compacts now unless a compaction is already running; resolves when the running one ends. */
  run(): Promise<void> {
    if (this.running) return this.running;
    if (this.uncompacted === 0) return Promise.resolve();
    const started = performance.now();
    this.running = compactDocument(this.db, this.documentId, () => encodeSnapshot(this.doc))
      .then((result) => {
        const left = Math.max(0, this.uncompacted - result.removedUpdates);
        // The rows that stayed are the newest; their bytes are estimated by their share of the count.
        this.uncompactedBytes = this.uncompacted > 0 ? (this.uncompactedBytes * left) / this.uncompacted : 0;
        this.uncompacted = left;
        if (result.snapshotBytes > 0) this.snapshotBytes = result.snapshotBytes;
        this.logger.debug(
          { documentId: this.documentId, ...result, ms: Math.round(performance.now() - started) },
          'compacted document',
        );
      })
      .catch((error: unknown) => this.logger.error({ err: error, documentId: this.documentId }, 'compaction failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Waits for a running compaction, then folds in whatever is left. */
  async finish(): Promise<void> {
    await this.running;
    await this.run();
  }
}

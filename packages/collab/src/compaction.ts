import { compactDocument, type Db, foldDocumentLog, type StoredState } from '@klankbord/db';
import type * as Y from 'yjs';
import type { CollabLogger } from './logger.ts';
import { encodeSnapshot, foldUpdates, mergeSegments } from './stored-state.ts';

// A document's stored state is a list of segments and a log (see foldDocumentLog). A small document is compacted
// by rewriting its whole state as one segment: that drops what was deleted and costs little. Waiting until the log
// holds at least half the stored bytes keeps what compaction writes within about twice what the edits wrote; the
// cap on the number of updates keeps a cold load from replaying an endless log of tiny edits.
const LOG_TO_SNAPSHOT_RATIO = 0.5;
const MAX_THRESHOLDS = 20;
// Past this size, re-encoding the whole document would allocate several times its size at every compaction.
// Then the log is folded into a new segment of its own (what it costs is what the log holds), and adjacent
// segments are merged while the newer is at least half the older (so there are about log2 of them), up to this
// size each. Only a document that is full is still rewritten whole: that is what can make room in it again.
const REWRITE_LIMIT_BYTES = 4 * 1024 * 1024;
const MERGE_LIMIT_BYTES = 4 * 1024 * 1024;
/** A large document's log is folded once it holds this much, however few updates that is. */
const FOLD_BYTES = 1024 * 1024;

/** What the log holds that no segment covers yet. */
export interface LogSize {
  updates: number;
  bytes: number;
}

/**
 * Folds a document's update log into its stored segments when the log is due, and on unload. One compaction at a
 * time per document; updates that commit meanwhile stay in the log.
 */
export class Compactor {
  private running: Promise<void> | null = null;
  private uncompacted: number;
  private uncompactedBytes: number;

  constructor(
    private readonly db: Db,
    private readonly documentId: number,
    /** The document, for rewriting its whole state (built from the stored state if it was not yet). */
    private readonly doc: () => Y.Doc,
    private readonly threshold: number,
    private readonly logger: CollabLogger,
    log: LogSize,
    /** The stored segments' sizes (segmentSize), oldest first. */
    private segmentBytes: number[],
    /**
     * When other instances write to the document too: takes in what the database holds before the document is
     * rewritten from memory, so that the rewrite covers their updates that have not arrived here yet.
     */
    private readonly absorb: ((stored: StoredState) => void) | undefined,
  ) {
    this.uncompacted = log.updates;
    this.uncompactedBytes = log.bytes;
  }

  /**
   * The document's size as its limits count it: its segments as Yjs updates (before deflating) and the committed
   * log after them, in bytes.
   */
  get storedBytes(): number {
    return this.segmentsTotal + this.uncompactedBytes;
  }

  private get segmentsTotal(): number {
    return this.segmentBytes.reduce((sum, bytes) => sum + bytes, 0);
  }

  /** True when the log has grown enough to be worth folding. */
  get due(): boolean {
    if (this.uncompacted >= this.threshold * MAX_THRESHOLDS) return true;
    if (this.storedBytes > REWRITE_LIMIT_BYTES && this.uncompactedBytes >= FOLD_BYTES) return true;
    return this.uncompacted >= this.threshold && this.uncompactedBytes >= this.segmentsTotal * LOG_TO_SNAPSHOT_RATIO;
  }

  /** Counts committed updates of `bytes` together and compacts when the log is due. */
  committed(updates: number, bytes: number): void {
    this.uncompacted += updates;
    this.uncompactedBytes += bytes;
    if (this.due) void this.run();
  }

  /**
   * Compacts now unless a compaction is already running (then resolves when that one ends). `rewrite` asks for
   * the whole state as one segment whatever the size: for a full document, where only that can make room.
   */
  run(options: { rewrite?: boolean } = {}): Promise<void> {
    if (this.running) return this.running;
    if (this.uncompacted === 0) return Promise.resolve();
    const started = performance.now();
    const rewrite = options.rewrite || this.storedBytes <= REWRITE_LIMIT_BYTES;
    const compaction = rewrite
      ? compactDocument(this.db, this.documentId, () => encodeSnapshot(this.doc()), { absorb: this.absorb })
      : foldDocumentLog(
          this.db,
          this.documentId,
          foldUpdates,
          mergeSegments,
          (older, newer) => newer * 2 >= older && older + newer <= MERGE_LIMIT_BYTES,
        );
    let compacted = false;
    const countedBefore = { updates: this.uncompacted, bytes: this.uncompactedBytes };
    this.running = compaction
      .then((result) => {
        if ('skipped' in result) return;
        compacted = result.removedUpdates > 0;
        // What is left in the log is at most what was counted since the compaction began: everything before was
        // folded by it, or by another instance before it (then it found less to fold, not more left).
        this.uncompacted = Math.max(0, this.uncompacted - countedBefore.updates);
        this.uncompactedBytes = Math.max(0, this.uncompactedBytes - countedBefore.bytes);
        this.segmentBytes = result.segmentBytes;
        this.logger.debug(
          {
            documentId: this.documentId,
            rewrite,
            removedUpdates: result.removedUpdates,
            segments: result.segmentBytes.length,
            ms: Math.round(performance.now() - started),
          },
          'compacted document',
        );
      })
      .catch((error: unknown) => this.logger.error({ err: error, documentId: this.documentId }, 'compaction failed'))
      .finally(() => {
        this.running = null;
        // Updates that committed meanwhile (on PostgreSQL they commit alongside) may have made the log due again,
        // and no later commit may come to notice. Not after a failure or a skip: that would spin.
        if (compacted && this.due) void this.run();
      });
    return this.running;
  }

  /** Waits for a running compaction, then folds in whatever is left. */
  async finish(): Promise<void> {
    await this.running;
    await this.run();
  }
}

import { compactDocument, type Db } from '@klankbord/db';
import * as Y from 'yjs';
import type { CollabLogger } from './logger.ts';

/**
 * Folds a document's update log into its snapshot once the log holds `threshold` committed updates,
 * and on unload. One compaction at a time per document; updates that commit meanwhile stay in the log.
 */
export class Compactor {
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly documentId: number,
    private readonly doc: Y.Doc,
    private readonly threshold: number,
    private readonly logger: CollabLogger,
    /** Updates in the log that no snapshot covers yet. */
    private uncompacted: number,
  ) {}

  /** Counts a committed update and compacts when the log has grown past the threshold. */
  committed(): void {
    this.uncompacted++;
    if (this.uncompacted >= this.threshold) void this.run();
  }

  /** Compacts now unless a compaction is already running; resolves when the running one ends. */
  run(): Promise<void> {
    if (this.running) return this.running;
    if (this.uncompacted === 0) return Promise.resolve();
    const started = performance.now();
    this.running = compactDocument(this.db, this.documentId, () => Y.encodeStateAsUpdate(this.doc))
      .then((result) => {
        this.uncompacted = Math.max(0, this.uncompacted - result.removedUpdates);
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

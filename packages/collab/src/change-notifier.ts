import type { CollabLogger } from './logger.ts';

/**
 * Debounces a document's change hook: it runs once edits pause for `debounceMs`, and at least every
 * `maxWaitMs` while they do not. Runs never overlap, so a projection sees changes in order.
 */
export class ChangeNotifier {
  private timer: NodeJS.Timeout | null = null;
  private firstPendingAt = 0;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly run: () => void | Promise<void>,
    private readonly debounceMs: number,
    private readonly maxWaitMs: number,
    private readonly logger: CollabLogger,
  ) {}

  /** Notes that the document changed. */
  schedule(): void {
    const now = Date.now();
    if (this.timer) clearTimeout(this.timer);
    else this.firstPendingAt = now;
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstPendingAt + this.maxWaitMs - now));
    this.timer = setTimeout(() => this.fire(), wait);
  }

  /** Runs a pending notification now and waits for every run to finish. */
  async flush(): Promise<void> {
    if (this.timer) this.fire();
    await this.running;
  }

  private fire(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.running
      .then(() => this.run())
      .catch((error: unknown) => this.logger.error({ err: error }, 'change hook failed'));
  }
}

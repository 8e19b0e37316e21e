/** What one dependency's check found. */
export type CheckState = 'up' | 'down';

/** What /readyz reports. */
export interface ReadinessReport {
  ready: boolean;
  draining: boolean;
  checks: Record<string, CheckState>;
}

// A load balancer's probe has a timeout of its own (a few seconds); a dependency that hangs counts as down before that.
const CHECK_TIMEOUT_MS = 2000;

/**
 * Whether this instance should get new clients: every registered dependency answers and it is not draining.
 * The database check is registered at start-up, the Redis bus registers its own; a check is a function that
 * resolves true when its dependency answers.
 */
export class Readiness {
  private readonly checks = new Map<string, () => Promise<boolean>>();
  private draining = false;
  /** A report being made: probes that arrive meanwhile share it, so a flood of them costs one query each check. */
  private pending: Promise<ReadinessReport> | null = null;

  constructor(private readonly timeoutMs = CHECK_TIMEOUT_MS) {}

  /** Registers (or replaces) a dependency's check under `name`. */
  addCheck(name: string, check: () => Promise<boolean>): void {
    this.checks.set(name, check);
  }

  /** From now on this instance reports itself not ready, so that a load balancer sends no new clients. */
  setDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Runs every check at once; one that throws or takes longer than the timeout is down. */
  report(): Promise<ReadinessReport> {
    this.pending ??= this.runChecks().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async runChecks(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, (await this.withTimeout(check)) ? 'up' : 'down'] as const),
    );
    const checks: Record<string, CheckState> = Object.fromEntries(entries);
    const allUp = entries.every(([, state]) => state === 'up');
    return { ready: allUp && !this.draining, draining: this.draining, checks };
  }

  private async withTimeout(check: () => Promise<boolean>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.timeoutMs);
    });
    try {
      return await Promise.race([
        Promise.resolve()
          .then(check)
          .catch(() => false),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

import type { Deps } from '../env.ts';
import { sweepNotifications } from './due-sweep.ts';
import { flushDirectMail, type MailingDeps, sendDigests } from './mailing.ts';

const HOUR = 60 * 60 * 1000;
/** The daily digest goes out with the first hourly run from this hour on (Amsterdam time). */
export const DIGEST_HOUR = 17;

function hourInNetherlands(now: number): number {
  return Number(
    new Date(now).toLocaleString('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hour12: false }),
  );
}

/**
 * Starts the background work of notifications: the outbox of direct mail every `outboxMs`, and every hour
 * (and at start) the due afspraken, the pruning and, late in the day, the digest. Each run waits for the one
 * before it, and on PostgreSQL each job runs on one instance at a time (runExclusive in the jobs themselves), so
 * no two runs ever mail the same thing. Returns the function that stops them, once the run under way is done.
 */
export function startNotificationJobs(deps: MailingDeps & Pick<Deps, 'live'>, outboxMs: number): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = (name: string, job: () => Promise<unknown>) => {
    running = running.then(job).then(
      () => undefined,
      (error: unknown) => deps.logger.error({ err: error }, `notification ${name} failed`),
    );
  };
  const hourly = () => {
    run('sweep', () => sweepNotifications(deps));
    if (hourInNetherlands(Date.now()) >= DIGEST_HOUR) run('digest', () => sendDigests(deps));
  };
  hourly();
  const outbox = setInterval(() => run('outbox', () => flushDirectMail(deps)), outboxMs);
  const sweeper = setInterval(hourly, HOUR);
  outbox.unref();
  sweeper.unref();
  return async () => {
    clearInterval(outbox);
    clearInterval(sweeper);
    await running;
  };
}

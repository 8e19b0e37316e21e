import { closeVotingAtDeadline, listDueVotingDeadlines } from '@klankbord/db';
import type { Deps } from './env.ts';
import { publishVoting } from './statement-tallies.ts';

/**
 * Closes voting whose closing time has come and says so on the live streams, so every open page switches to
 * "gesloten" by itself. The refusal of late votes does not wait for this: the database reads voting as closed
 * from its closing time on (packages/db statements.ts). A check every `intervalMs` rather than a timer per
 * stelling: it survives a restart, holds nothing per statement, and is one small query. Returns the function
 * that stops it, once the run under way is done.
 */
export function startVotingDeadlines(
  deps: Pick<Deps, 'db' | 'live' | 'logger'>,
  intervalMs = 1000,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const closeDue = async () => {
    const now = Date.now();
    for (const due of await listDueVotingDeadlines(deps.db, now)) {
      const closed = await closeVotingAtDeadline(deps.db, due.statementId, due.closesAt, now);
      if (closed) await publishVoting(deps, closed);
    }
  };
  const timer = setInterval(() => {
    // A slow run is not queued behind: the next tick after it finds what is due then.
    if (running) return;
    running = closeDue()
      .catch((error: unknown) => deps.logger.error({ err: error }, 'voting deadlines failed'))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

import { closeVotingAtDeadline, listDueVotingDeadlines } from '@klankbord/db';
import type { Deps } from './env.ts';
import { publishVoting } from './statement-tallies.ts';

/**
 * Closes the voting whose closing time has come by `now` and announces each on the live streams; returns how many
 * it closed. Every instance runs it: each due statement is closed by one conditional update (closeVotingAtDeadline:
 * still open, with this closing time, RETURNING), which PostgreSQL lets one instance win, so only the instance that
 * closed it publishes (and the live hub relays that to the other instances). No lock: a check is one small query
 * either way. An instance that dies between closing and publishing leaves the pages to show it on their next load.
 */
export async function closeDueVoting(deps: Pick<Deps, 'db' | 'live'>, now = Date.now()): Promise<number> {
  let closedCount = 0;
  for (const due of await listDueVotingDeadlines(deps.db, now)) {
    const closed = await closeVotingAtDeadline(deps.db, due.statementId, due.closesAt, now);
    if (!closed) continue;
    closedCount++;
    await publishVoting(deps, closed);
  }
  return closedCount;
}

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
  const timer = setInterval(() => {
    // A slow run is not queued behind: the next tick after it finds what is due then.
    if (running) return;
    running = closeDueVoting(deps)
      .then(
        () => undefined,
        (error: unknown) => deps.logger.error({ err: error }, 'voting deadlines failed'),
      )
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

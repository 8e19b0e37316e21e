import { pruneReadNotifications, runExclusive } from '@klankbord/db';
import { todayInNetherlands } from '@klankbord/domain';
import type { Deps } from '../env.ts';
import { notify, userMay } from './notify.ts';

/** How far ahead an owner is told that their afspraak is due. */
const DUE_WITHIN_DAYS = 7;

function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/**
 * Tells each owner of an open afspraak due within a week, once per afspraak and due date (a new due date
 * notifies again), if they may still see it. Idempotent: run it as often as you like.
 */
export async function notifyDueAfspraken(
  deps: Pick<Deps, 'db' | 'live' | 'logger'>,
  now = Date.now(),
): Promise<number> {
  const today = todayInNetherlands(new Date(now));
  const rows = await deps.db
    .selectFrom('afspraken')
    .innerJoin('networks', 'networks.id', 'afspraken.network_id')
    .innerJoin('meetings', 'meetings.id', 'afspraken.meeting_id')
    .select([
      'afspraken.id',
      'afspraken.network_id',
      'afspraken.owner_user_id',
      'afspraken.description',
      'afspraken.due_date',
      'networks.slug',
      'meetings.title',
    ])
    .where('afspraken.status', '=', 'open')
    .where('afspraken.owner_user_id', 'is not', null)
    .where('afspraken.due_date', '>=', today)
    .where('afspraken.due_date', '<=', addDays(today, DUE_WITHIN_DAYS))
    .execute();
  let told = 0;
  for (const row of rows) {
    const userId = row.owner_user_id!;
    if (!(await userMay(deps, userId, { type: 'afspraak', afspraakId: row.id }, 'view'))) continue;
    const added = await notify(deps, {
      userId,
      networkId: row.network_id,
      kind: 'afspraak.due',
      link: `/networks/${row.slug}/afspraken`,
      params: { title: row.description, date: row.due_date!, meeting: row.title },
      dedupeKey: `afspraak.due:${row.id}:${row.due_date}`,
    });
    if (added) told++;
  }
  return told;
}

/**
 * The hourly housekeeping: due afspraken, and read notifications past their time. One instance at a time runs
 * it; each notification is stored once per dedupe key anyway, so a run that dies halfway is simply done again.
 */
export async function sweepNotifications(deps: Pick<Deps, 'db' | 'live' | 'logger'>, now = Date.now()): Promise<void> {
  await runExclusive(deps.db, 'notifications.sweep', async () => {
    await notifyDueAfspraken(deps, now);
    await pruneReadNotifications(deps.db, now);
  });
}

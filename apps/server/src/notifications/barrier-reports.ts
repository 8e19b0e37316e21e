import { listBarrierReportRecipients } from '@klankbord/db';
import type { Deps } from '../env.ts';
import { notify, userMay } from './notify.ts';

/** Where the secretariaat reads the barrier reports in the web app. */
export const BARRIER_REPORTS_PATH = '/toegankelijkheid/meldingen';

/**
 * Tells everyone who may read barrier reports (by the one access decision) that one came in; mailed at once by
 * default. Logged, never thrown: the report is stored whatever happens to the telling.
 */
export async function notifyBarrierReported(
  deps: Pick<Deps, 'db' | 'live' | 'logger'>,
  report: { id: number; page: string },
): Promise<number> {
  let told = 0;
  try {
    for (const { userId, networkId } of await listBarrierReportRecipients(deps.db)) {
      if (!(await userMay(deps, userId, { type: 'barrierReports' }, 'read'))) continue;
      const added = await notify(deps, {
        userId,
        networkId,
        kind: 'barrier.reported',
        link: BARRIER_REPORTS_PATH,
        params: { title: report.page },
        dedupeKey: `barrier.reported:${report.id}`,
      });
      if (added) told++;
    }
  } catch (error) {
    deps.logger.error({ err: error, barrierReportId: report.id }, 'could not notify a barrier report');
  }
  return told;
}

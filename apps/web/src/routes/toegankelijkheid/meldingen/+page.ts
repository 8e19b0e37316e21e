import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

/** The barrier reports, for the secretariaat: the server refuses everyone else (403 becomes the error page). */
export const load = (async ({ fetch, parent, url, depends }) => {
  depends('app:barrier-reports');
  requireSession((await parent()).session, url);
  try {
    return await createApi(fetch).barrierReports.list();
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

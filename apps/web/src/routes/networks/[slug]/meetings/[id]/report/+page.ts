import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import { idParam } from '../params.ts';
import type { PageLoad } from './$types';

/** The verslag of a netwerkdag: its shared text, whether it is final, and its saved versions. */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  const session = requireSession((await parent()).session, url);
  depends('app:report');
  const id = idParam(params.id);
  const api = createApi(fetch);
  try {
    const home = await api.meetings.get(id);
    if (home.network.slug !== params.slug || home.permissions['report.view'] !== true)
      error(404, { message: 'not_found', key: 'not_found' });
    const [report, { versions }, attachments] = await Promise.all([
      api.report.get(id),
      api.report.versions(id),
      api.attachments.list(`report:${id}`),
    ]);
    return { ...home, report, versions, attachments, user: session.user };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import { idParam } from '../../params.ts';
import type { PageLoad } from './$types';

/** The print view of a verslag as stored now: the browser's print dialog makes the PDF. */
export const load = (async ({ fetch, params, parent, url }) => {
  requireSession((await parent()).session, url);
  try {
    const names = url.searchParams.get('names') === '1';
    return { slug: params.slug, report: await createApi(fetch).report.print(idParam(params.id), names) };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

/** The network's theme timeline; a change to its topics invalidates `app:timeline`. */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  const { session, network } = await parent();
  requireSession(session, url);
  depends('app:timeline');
  try {
    return { network, timeline: await createApi(fetch).timeline.get(params.slug) };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

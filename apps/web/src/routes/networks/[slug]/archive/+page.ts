import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

/** The network's netwerkdagen by year, with the state of each verslag. */
export const load = (async ({ fetch, params, parent, url }) => {
  requireSession((await parent()).session, url);
  const api = createApi(fetch);
  try {
    const [home, { years }] = await Promise.all([api.networks.get(params.slug), api.archive(params.slug)]);
    return { network: home.network, years };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

export const load = (async ({ fetch, parent, url }) => {
  requireSession((await parent()).session, url);
  try {
    const api = createApi(fetch);
    // Today's netwerkdag comes first on this page: it is where a member lands after signing in.
    const [networks, today] = await Promise.all([api.networks.list(), api.today()]);
    return { ...networks, today };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

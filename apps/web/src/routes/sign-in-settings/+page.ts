import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

export const load = (async ({ fetch, parent, url }) => {
  requireSession((await parent()).session, url);
  try {
    return await createApi(fetch).auth.identityProviderSettings();
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

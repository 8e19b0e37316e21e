import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

/** The signed-in person's inbox: their newest notifications and how many are unread. */
export const load = (async ({ fetch, parent, url }) => {
  requireSession((await parent()).session, url);
  try {
    return await createApi(fetch).notifications.list();
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

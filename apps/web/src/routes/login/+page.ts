import { redirect } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { safeNext } from '$lib/navigation';
import type { PageLoad } from './$types';

export const load = (async ({ fetch, url }) => {
  const next = safeNext(url.searchParams.get('next'));
  // Asks the server rather than the layout's session, which may be stale when a page got a 401 and sent us here:
  // trusting it would send the person straight back to that page, and round again.
  if (await createApi(fetch).auth.me()) redirect(307, next);
  return { next };
}) satisfies PageLoad;

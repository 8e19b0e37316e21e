import { redirect } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad } from '$lib/navigation';
import type { PageLoad } from './$types';

/** The front door: first-run set-up, else the person's networks, else the sign-in page. */
export const load = (async ({ fetch, parent, url }) => {
  let needed: boolean;
  try {
    ({ needed } = await createApi(fetch).setup.status());
  } catch (cause) {
    failLoad(cause, url);
  }
  if (needed) redirect(307, '/setup');
  const { session } = await parent();
  redirect(307, session ? '/networks' : '/login');
}) satisfies PageLoad;

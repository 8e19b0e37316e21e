import { redirect } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad } from '$lib/navigation';
import type { PageLoad } from './$types';

export const load = (async ({ fetch, url }) => {
  const api = createApi(fetch);
  try {
    const [{ needed }, { organisations }] = await Promise.all([api.setup.status(), api.organisations()]);
    if (!needed) redirect(307, '/');
    return { organisations };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

import { waitLocale } from 'svelte-i18n';
import { createApi } from '$lib/api';
import { startI18n } from '$lib/i18n';
import type { LayoutLoad } from './$types';

// A single-page app: the Hono server serves index.html for every page, and the browser renders it.
export const ssr = false;
export const prerender = false;

/** Who is signed in. Pages that sign in or out invalidate `app:session` to reload it. */
export const load = (async ({ fetch, depends }) => {
  depends('app:session');
  startI18n();
  await waitLocale();
  const session = await createApi(fetch).auth.me();
  return { session };
}) satisfies LayoutLoad;

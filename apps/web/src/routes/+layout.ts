import { waitLocale } from 'svelte-i18n';
import { createApi } from '$lib/api';
import { NETWORK_ERROR } from '$lib/api-error';
import { rememberedSession, rememberSession } from '$lib/collab/local-copies';
import { startI18n } from '$lib/i18n';
import type { LayoutLoad } from './$types';

// A single-page app: the Hono server serves index.html for every page, and the browser renders it.
export const ssr = false;
export const prerender = false;

/**
 * Who is signed in. Pages that sign in or out invalidate `app:session` to reload it. Offline, the session last
 * confirmed in this browser, so that the app (its header, the unsent changes) still shows and a page can say it
 * cannot reach the server; the server decides again on every request once it is reachable.
 */
export const load = (async ({ fetch, depends }) => {
  depends('app:session');
  startI18n();
  await waitLocale();
  try {
    const session = await createApi(fetch).auth.me();
    rememberSession(session);
    return { session };
  } catch (cause) {
    const remembered = cause === NETWORK_ERROR ? rememberedSession() : null;
    if (!remembered) throw cause;
    return { session: remembered };
  }
}) satisfies LayoutLoad;

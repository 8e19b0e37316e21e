import { ApiError, createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

/** The search page: the query lives in the address (?q=…), so a search can be shared and the back button works. */
export const load = (async ({ fetch, parent, url }) => {
  requireSession((await parent()).session, url);
  const q = url.searchParams.get('q')?.trim() ?? '';
  if (!q) return { q, outcome: null };
  try {
    return { q, outcome: { ok: true as const, ...(await createApi(fetch).search(q)) } };
  } catch (cause) {
    // A query without words, or too long: said beside the form, not as an error page.
    if (cause instanceof ApiError && cause.status === 400) {
      return { q, outcome: { ok: false as const, error: cause.fields.q ?? 'invalid' } };
    }
    failLoad(cause, url);
  }
}) satisfies PageLoad;

import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

export const load = (async ({ fetch, parent, url, depends }) => {
  const session = requireSession((await parent()).session, url);
  depends('app:tokens');
  const api = createApi(fetch);
  try {
    const [{ organisations }, { tokens }] = await Promise.all([api.organisations(), api.tokens.list()]);
    return { user: session.user, organisations, tokens };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

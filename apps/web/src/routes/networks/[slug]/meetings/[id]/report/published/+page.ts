import { error } from '@sveltejs/kit';
import { ApiError, createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import { idParam } from '../../params.ts';
import type { PageLoad } from './$types';

/** The published verslag of a netwerkdag, for every member of its network; null while it is not published. */
export const load = (async ({ fetch, params, parent, url }) => {
  requireSession((await parent()).session, url);
  const id = idParam(params.id);
  const api = createApi(fetch);
  try {
    const home = await api.meetings.get(id);
    if (home.network.slug !== params.slug) error(404, { message: 'not_found', key: 'not_found' });
    try {
      return { ...home, published: await api.publication.read(id) };
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 404) return { ...home, published: null };
      throw cause;
    }
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

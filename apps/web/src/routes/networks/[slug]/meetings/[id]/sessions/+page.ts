import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import { idParam } from '../params.ts';
import type { PageLoad } from './$types';

/** A meeting's deelsessies and the one the viewer picked. */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  const session = requireSession((await parent()).session, url);
  depends('app:sessions');
  const id = idParam(params.id);
  const api = createApi(fetch);
  try {
    const [home, sessions] = await Promise.all([api.meetings.get(id), api.sessions.list(id)]);
    if (home.network.slug !== params.slug) error(404, { message: 'not_found', key: 'not_found' });
    return { ...home, ...sessions, user: session.user };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import { idParam } from '../params.ts';
import type { PageLoad } from './$types';

/** The programme editor: the meeting, and whether the viewer may change its programme. */
export const load = (async ({ fetch, params, parent, url }) => {
  const session = requireSession((await parent()).session, url);
  const id = idParam(params.id);
  try {
    const home = await createApi(fetch).meetings.get(id);
    if (home.network.slug !== params.slug) error(404, { message: 'not_found', key: 'not_found' });
    if (!home.permissions['programme.view']) error(404, { message: 'not_found', key: 'not_found' });
    return { ...home, user: session.user };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

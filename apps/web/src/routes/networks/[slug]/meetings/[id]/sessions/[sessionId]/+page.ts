import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import { idParam } from '../../params.ts';
import type { PageLoad } from './$types';

/** One deelsessie's shared notes and discussion. */
export const load = (async ({ fetch, params, parent, url }) => {
  const session = requireSession((await parent()).session, url);
  const id = idParam(params.id);
  const api = createApi(fetch);
  try {
    const [home, { sessions }] = await Promise.all([api.meetings.get(id), api.sessions.list(id)]);
    const current = sessions.find((entry) => entry.id === params.sessionId);
    if (home.network.slug !== params.slug || !current) error(404, { message: 'not_found', key: 'not_found' });
    return { ...home, session: current, user: session.user };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

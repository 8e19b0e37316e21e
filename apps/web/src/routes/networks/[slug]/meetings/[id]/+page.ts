import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad } from '$lib/navigation';
import type { PageLoad } from './$types';
import { idParam } from './params.ts';

/**
 * One netwerkdag: its details, what the viewer may do with it, its themes and its statements with their tallies,
 * and while it is prepared the network's open afspraken.
 * A status change reloads it all (`app:meeting`), since what a role may do follows from the status.
 */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  const { session, networkPermissions } = await parent();
  depends('app:meeting');
  const id = idParam(params.id);
  // Live events that arrive after this moment may be missing from what the fetches below return.
  const loadedAt = Date.now();
  const api = createApi(fetch);
  try {
    const home = await api.meetings.get(id);
    // The same meeting under another network's address would show the wrong network around it.
    if (home.network.slug !== params.slug) error(404, { message: 'not_found', key: 'not_found' });
    // While a netwerkdag is prepared, the open afspraken of the network's other meetings are there to follow up.
    const followsUp = home.meeting.status === 'preparation' || home.meeting.status === 'published';
    const [themes, { statements }, organisations, openAfspraken, attachments] = await Promise.all([
      home.permissions['theme.view'] ? api.themes.list(id) : { themes: [], mySupport: null },
      api.statements.list(id),
      home.permissions['meeting.edit'] ? api.organisations().then((r) => r.organisations) : [],
      followsUp && networkPermissions['afspraak.list']
        ? api.afspraken.ofNetwork(params.slug, 'open').then((r) => r.afspraken.filter((a) => a.meeting.id !== id))
        : null,
      api.attachments.list(`meeting:${id}`),
    ]);
    const viewer = { id: session.user.id, name: session.user.name };
    return { ...home, themes: themes.themes, statements, organisations, openAfspraken, attachments, loadedAt, viewer };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

/** A network's netwerkdagen by year, and what the new-netwerkdag form needs when the viewer may create one. */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  requireSession((await parent()).session, url);
  depends('app:meetings');
  const api = createApi(fetch);
  try {
    const [{ network, permissions }, { years }] = await Promise.all([
      api.networks.get(params.slug),
      api.meetings.list(params.slug),
    ]);
    const organisations = permissions['meeting.create'] ? (await api.organisations()).organisations : [];
    return { network, permissions, years, organisations };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

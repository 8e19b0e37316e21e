import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

/** Where the example came up, from `?meeting=…&session=…`: named when the viewer may see it, else left out. */
async function originFrom(api: ReturnType<typeof createApi>, url: URL, slug: string) {
  const meetingId = Number(url.searchParams.get('meeting'));
  if (!Number.isSafeInteger(meetingId) || meetingId <= 0) return null;
  try {
    const home = await api.meetings.get(meetingId);
    if (home.network.slug !== slug) return null;
    const sessionId = url.searchParams.get('session');
    const session = sessionId
      ? (await api.sessions.list(meetingId)).sessions.find((candidate) => candidate.id === sessionId)
      : undefined;
    return {
      meetingId,
      meeting: home.meeting.title,
      sessionId: session?.id ?? null,
      session: session ? session.topic || session.id : null,
    };
  } catch {
    return null;
  }
}

/** The add form: the network's cities, members and tags to choose from, and the meeting it came up in. */
export const load = (async ({ fetch, params, parent, url }) => {
  const session = requireSession((await parent()).session, url);
  const api = createApi(fetch);
  try {
    const home = await api.networks.get(params.slug);
    if (home.permissions['example.create'] !== true) error(403, { message: 'forbidden', key: 'forbidden' });
    const [{ organisations }, { members }, { tags }, origin] = await Promise.all([
      api.examples.organisations(params.slug),
      api.networks.members(params.slug),
      api.examples.list(params.slug, {}),
      originFrom(api, url, params.slug),
    ]);
    return {
      network: home.network,
      organisations,
      members,
      curatedTags: tags.filter((tag) => tag.curated).map((tag) => tag.name),
      origin,
      user: session.user,
    };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

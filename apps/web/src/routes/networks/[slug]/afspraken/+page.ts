import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

const filters = ['open', 'done', 'all'] as const;
export type AfspraakFilter = (typeof filters)[number];

/** The network's afspraken across its meetings, filtered by status (?status=open|done|all, open by default). */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  const session = requireSession((await parent()).session, url);
  depends('app:afspraken');
  const asked = url.searchParams.get('status');
  const filter: AfspraakFilter = filters.find((f) => f === asked) ?? 'open';
  const api = createApi(fetch);
  try {
    const [home, { afspraken }] = await Promise.all([
      api.networks.get(params.slug),
      api.afspraken.ofNetwork(params.slug, filter),
    ]);
    const owners = home.permissions['afspraak.update']
      ? await api.afspraken.owners(params.slug)
      : { members: [], organisations: [] };
    return { ...home, afspraken, owners, filter, filters, userId: session.user.id };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

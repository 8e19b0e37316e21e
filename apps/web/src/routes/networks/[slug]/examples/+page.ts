import { exampleListQuery } from '@klankbord/domain';
import { createApi, type ExampleListQuery } from '$lib/api';
import { failLoad } from '$lib/navigation';
import type { PageLoad } from './$types';
import { FILTER_KEYS, type Filters } from './filters.ts';

/** The library of goede voorbeelden: the filtered list, its charts, and what the filters can choose from. */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  // The layout has loaded the network and the member's permissions in it.
  const { network, networkPermissions } = await parent();
  depends('app:examples');
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = url.searchParams.get(key);
    if (value) filters[key] = value;
  }
  // A hand-edited address with a filter that is not one shows the whole library rather than an error.
  const query = exampleListQuery.safeParse(filters).success ? (filters as ExampleListQuery) : {};
  const api = createApi(fetch);
  try {
    const [list, statistics, { organisations }, { years }] = await Promise.all([
      api.examples.list(params.slug, query),
      api.examples.statistics(params.slug),
      api.examples.organisations(params.slug),
      api.meetings.list(params.slug),
    ]);
    return {
      network,
      permissions: networkPermissions,
      filters: query,
      examples: list.examples,
      tags: list.tags,
      statistics,
      organisations,
      meetings: years.flatMap((year) => year.meetings),
    };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

import { ApiError, createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

/** The filters the address may carry besides q, as the API takes them. */
const FILTERS = ['kind', 'year', 'meeting'] as const;
export type SearchFilters = Partial<Record<(typeof FILTERS)[number], string>>;

/**
 * The search page: the query and its filters live in the address (?q=…&kind=…&year=…&meeting=…), so a search can
 * be shared and the back button works. The netwerkdagen of the caller's networks feed the year and netwerkdag
 * filters.
 */
export const load = (async ({ fetch, parent, url }) => {
  const { session } = await parent();
  requireSession(session, url);
  const api = createApi(fetch);
  const q = url.searchParams.get('q')?.trim() ?? '';
  const filters: SearchFilters = {};
  for (const name of FILTERS) {
    const value = url.searchParams.get(name)?.trim();
    if (value) filters[name] = value;
  }
  try {
    const lists = await Promise.all((session?.networks ?? []).map((network) => api.meetings.list(network.slug)));
    const meetings = (session?.networks ?? []).map((network, index) => ({
      network: network.name,
      meetings: (lists[index]?.years ?? []).flatMap((year) => year.meetings),
    }));
    if (!q) return { q, filters, meetings, outcome: null };
    try {
      return { q, filters, meetings, outcome: { ok: true as const, ...(await api.search(q, filters)) } };
    } catch (cause) {
      // A query without words, too long, or a filter that is not one: said beside the form, not as an error page.
      if (cause instanceof ApiError && cause.status === 400) {
        const error = cause.fields.q ?? cause.fields.kind ?? cause.fields.year ?? cause.fields.meeting ?? 'invalid';
        return { q, filters, meetings, outcome: { ok: false as const, error } };
      }
      throw cause;
    }
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

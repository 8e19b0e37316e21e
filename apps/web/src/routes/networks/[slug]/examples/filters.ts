/** The filters and order the library reads from its address, so that a filtered view can be shared. */
export const FILTER_KEYS = ['tag', 'organisation', 'status', 'year', 'meeting', 'sort'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

/** The address of the library with these filters; empty ones are left out. */
export function libraryHref(slug: string, filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return `/networks/${slug}/examples${query ? `?${query}` : ''}`;
}

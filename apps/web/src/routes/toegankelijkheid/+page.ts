import type { PageLoad } from './$types';

/**
 * The accessibility statement, for everyone, signed in or not. The footer's link names the page the reader came
 * from (`?pagina=/networks/…`), so the barrier form starts with it; anything that is not a path here is dropped.
 */
export const load = (async ({ url, parent }) => {
  const from = url.searchParams.get('pagina') ?? '';
  const page = from.startsWith('/') && !from.startsWith('//') && from.length <= 500 ? from : '';
  return { page, session: (await parent()).session };
}) satisfies PageLoad;

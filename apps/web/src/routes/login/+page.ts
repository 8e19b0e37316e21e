import { redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/navigation';
import type { PageLoad } from './$types';

export const load = (async ({ parent, url }) => {
  const next = safeNext(url.searchParams.get('next'));
  const { session } = await parent();
  if (session) redirect(307, next);
  return { next };
}) satisfies PageLoad;

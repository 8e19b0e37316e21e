import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

/** Older pages of a network's audit log: `?before=<event id>`. */
export const load = (async ({ fetch, params, parent, url }) => {
  requireSession((await parent()).session, url);
  const before = url.searchParams.get('before');
  const beforeId = before === null ? undefined : Number(before);
  if (beforeId !== undefined && !Number.isSafeInteger(beforeId)) error(400, { message: 'invalid', key: 'invalid' });
  const api = createApi(fetch);
  try {
    const [{ network }, { events, nextBefore }] = await Promise.all([
      api.networks.get(params.slug),
      api.networks.audit(params.slug, beforeId),
    ]);
    return { network, events, nextBefore };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

/** One recurring topic: its netwerkdagen, verslagen, stellingen and voorbeelden. */
export const load = (async ({ fetch, params, parent, url }) => {
  const { session, network } = await parent();
  requireSession(session, url);
  const topicId = Number(params.topicId);
  if (!Number.isInteger(topicId) || topicId <= 0) error(404, 'not_found');
  try {
    return { network, page: await createApi(fetch).timeline.topic(params.slug, topicId) };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

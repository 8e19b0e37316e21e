import { ApiError, createApi } from '$lib/api';
import type { PageLoad } from './$types';

/**
 * A verslag opened through its public link: no session needed, so this page never sends anyone to sign in.
 * An unknown, revoked or replaced link is shown as 'not found' on the page itself.
 */
export const load = (async ({ fetch, params }) => {
  try {
    return { report: await createApi(fetch).publication.readPublic(params.token), problem: null };
  } catch (cause) {
    if (cause instanceof ApiError && cause.status !== 0) return { report: null, problem: cause.key };
    throw cause;
  }
}) satisfies PageLoad;

import { ApiError, createApi } from '$lib/api';
import type { Organisation } from '$lib/api-types';
import { failLoad } from '$lib/navigation';
import type { PageLoad } from './$types';

/** An invitation as its link shows it; an expired, used or unknown one is a message on the page, not an error page. */
export const load = (async ({ fetch, params, parent, url }) => {
  const { session } = await parent();
  const api = createApi(fetch);
  try {
    const invitation = await api.invitations.get(params.token);
    let organisations: Organisation[] = [];
    if (!session && !invitation.accountExists) ({ organisations } = await api.organisations());
    return { invitation, problem: null, organisations, token: params.token };
  } catch (cause) {
    if (cause instanceof ApiError && (cause.status === 404 || cause.status === 410)) {
      return { invitation: null, problem: cause.key, organisations: [], token: params.token };
    }
    failLoad(cause, url);
  }
}) satisfies PageLoad;

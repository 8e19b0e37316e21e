import { ApiError, createApi } from '$lib/api';
import { failLoad } from '$lib/navigation';
import type { PageLoad } from './$types';

/** A password-reset link: whose password it sets, or why it no longer works. */
export const load = (async ({ fetch, params, url }) => {
  try {
    const account = await createApi(fetch).passwordResets.get(params.token);
    return { account, problem: null, token: params.token };
  } catch (cause) {
    if (cause instanceof ApiError && (cause.status === 404 || cause.status === 410)) {
      return { account: null, problem: cause.key, token: params.token };
    }
    failLoad(cause, url);
  }
}) satisfies PageLoad;

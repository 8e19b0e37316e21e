import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { LayoutLoad } from './$types';

/**
 * Every page of a network: who is signed in, the network, and the member's role and permissions in it, loaded
 * once for all its pages. Changes to the network or its members invalidate `app:network`.
 */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  const session = requireSession((await parent()).session, url);
  depends('app:network');
  try {
    const { network, role, permissions } = await createApi(fetch).networks.get(params.slug);
    return { session, network, role, networkPermissions: permissions };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies LayoutLoad;

import { redirect } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { safeNext } from '$lib/navigation';
import type { PageLoad } from './$types';
import { identityProviderError } from './identity-provider-errors';

export const load = (async ({ fetch, url }) => {
  const next = safeNext(url.searchParams.get('next'));
  const api = createApi(fetch);
  // Asks the server rather than the layout's session, which may be stale when a page got a 401 and sent us here:
  // trusting it would send the person straight back to that page, and round again.
  if (await api.auth.me()) redirect(307, next);
  // Without the list the password still works: a failure to fetch it leaves out only the other way in.
  const providers = await api.auth.identityProviders().then(
    (answer) => answer.providers,
    () => [],
  );
  return { next, providers, oidcError: identityProviderError(url.searchParams.get('oidc')) };
}) satisfies PageLoad;

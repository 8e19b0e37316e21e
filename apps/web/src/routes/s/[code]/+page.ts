import { redirect } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad } from '$lib/navigation';
import type { PageLoad } from './$types';

/**
 * A day code's short link, opened from the QR code on the big screen: no account needed. What it shows is the
 * netwerkdag's stellingen open now, for a guest to vote on; the server decides what this code may reach.
 */
export const load = (async ({ fetch, params, url, depends }) => {
  depends('app:guest');
  let ballot: Awaited<ReturnType<ReturnType<typeof createApi>['guest']['get']>>;
  try {
    ballot = await createApi(fetch).guest.get(params.code);
  } catch (cause) {
    failLoad(cause, url);
  }
  // A member who may see the netwerkdag votes there, as a member: counted once, with the members.
  if (ballot.memberPath) redirect(307, `${ballot.memberPath}#stellingen`);
  return { code: params.code, ballot };
}) satisfies PageLoad;

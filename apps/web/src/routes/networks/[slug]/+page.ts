import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import type { PageLoad } from './$types';

/** The network home: what it is for, its members, and what the viewer may manage. Mutations invalidate `app:network`. */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  const session = requireSession((await parent()).session, url);
  depends('app:network');
  const api = createApi(fetch);
  try {
    const [home, { members }] = await Promise.all([api.networks.get(params.slug), api.networks.members(params.slug)]);
    const { permissions } = home;
    const [invitations, audit] = await Promise.all([
      permissions['member.invite'] ? api.networks.invitations(params.slug).then((r) => r.invitations) : null,
      permissions['audit.view'] ? api.networks.audit(params.slug) : null,
    ]);
    return {
      ...home,
      members,
      invitations,
      auditEvents: audit?.events ?? null,
      auditNextBefore: audit?.nextBefore ?? null,
      userId: session.user.id,
    };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

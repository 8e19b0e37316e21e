import { createApi } from '$lib/api';
import { failLoad } from '$lib/navigation';
import type { PageLoad } from './$types';

/** The network home: what it is for, its members, and what the viewer may manage. Mutations invalidate `app:network`. */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  // The layout has loaded the network and the member's permissions in it.
  const { session, network, role, networkPermissions: permissions } = await parent();
  depends('app:network');
  const api = createApi(fetch);
  try {
    const { members } = await api.networks.members(params.slug);
    const [invitations, audit] = await Promise.all([
      permissions['member.invite'] ? api.networks.invitations(params.slug).then((r) => r.invitations) : null,
      permissions['audit.view'] ? api.networks.audit(params.slug) : null,
    ]);
    return {
      network,
      role,
      permissions,
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

import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import { idParam } from '../../../params.ts';
import type { PageLoad } from './$types';

/** One statement of a netwerkdag, for the big screen in the room; its tally then follows the live events. */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  requireSession((await parent()).session, url);
  depends('app:projector');
  const meetingId = idParam(params.id);
  const statementId = idParam(params.statementId);
  const api = createApi(fetch);
  try {
    const [{ meeting, network }, { statements }] = await Promise.all([
      api.meetings.get(meetingId),
      api.statements.list(meetingId),
    ]);
    const statement = statements.find((each) => each.id === statementId);
    if (!statement || network.slug !== params.slug) error(404, { message: 'not_found', key: 'not_found' });
    return { meeting, network, statement };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api';
import { failLoad, requireSession } from '$lib/navigation';
import { idParam } from '../../../params.ts';
import type { PageLoad } from './$types';

/**
 * The big screen in the room: one stelling of a netwerkdag at a time, with its live result, the way to vote
 * (a QR code and a short link) and, for the secretariaat, stepping through the stellingen and the day code.
 */
export const load = (async ({ fetch, params, parent, url, depends }) => {
  requireSession((await parent()).session, url);
  depends('app:projector');
  const meetingId = idParam(params.id);
  const statementId = idParam(params.statementId);
  // Live events that arrive after this moment may be missing from what the fetches below return.
  const loadedAt = Date.now();
  const api = createApi(fetch);
  try {
    const [home, { statements }] = await Promise.all([api.meetings.get(meetingId), api.statements.list(meetingId)]);
    const index = statements.findIndex((each) => each.id === statementId);
    if (index < 0 || home.network.slug !== params.slug) error(404, { message: 'not_found', key: 'not_found' });
    // Only the secretariaat, during the day, sees and manages the day code; others show the meeting's own page.
    const dayCode = home.permissions['statement.openVoting'] ? (await api.dayCode.get(meetingId)).dayCode : null;
    return {
      meeting: home.meeting,
      network: home.network,
      permissions: home.permissions,
      statements,
      index,
      dayCode,
      loadedAt,
    };
  } catch (cause) {
    failLoad(cause, url);
  }
}) satisfies PageLoad;

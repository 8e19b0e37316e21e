import {
  createMeeting,
  findMeeting,
  findOrganisation,
  findReport,
  listMeetings,
  listOrganisations,
  type Meeting,
  setMeetingStatus,
  updateMeeting,
} from '@klankbord/db';
import {
  canTransition,
  type MeetingInput,
  meetingActions,
  meetingInput,
  meetingStatuses,
  meetingTransitionInput,
  meetingYear,
  type Role,
} from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authoriseMeeting, authoriseNetwork, mayInMeeting } from '../access/authorise.ts';
import { meetingInStatus } from '../access/facts.ts';
import { revoke } from '../access/revoke.ts';
import { audit } from '../audit.ts';
import { meetingDocumentNames } from '../documents.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { notifyMeetingStage } from '../notifications/producers.ts';
import { indexMeetingWithHost } from '../search-index.ts';
import { valid } from '../validate.ts';

const meetingParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });

/** A meeting as the API returns it; the host organisation by id and name. */
export function meetingJson(meeting: Meeting, hostName: string | null) {
  return {
    id: meeting.id,
    title: meeting.title,
    dates: meeting.dates,
    year: meetingYear(meeting.dates),
    format: meeting.format,
    host: meeting.host_organisation_id === null ? null : { id: meeting.host_organisation_id, name: hostName ?? '' },
    venue: meeting.venue,
    status: meeting.status,
    createdAt: meeting.created_at,
    updatedAt: meeting.updated_at,
  };
}

/**
 * Netwerkdagen: a network's overview by year, creating one, one meeting with what the caller may do with it,
 * editing its details and moving it through its lifecycle. Mounted at /api, since its paths start in two places.
 */
export function meetingRoutes(deps: Deps) {
  /** Refuses a host organisation that does not exist (400, nothing stored). */
  const checkHost = async (input: MeetingInput) => {
    if (input.hostOrganisationId !== null && !(await findOrganisation(deps.db, input.hostOrganisationId))) {
      fail(400, 'invalid_input', { hostOrganisationId: 'organisation.invalid' });
    }
  };
  const hostName = async (meeting: Meeting) =>
    meeting.host_organisation_id === null
      ? null
      : ((await findOrganisation(deps.db, meeting.host_organisation_id))?.name ?? null);
  /** The statuses a member with this role may move the meeting to from where it is now. */
  const transitionsFor = (role: Role, meeting: Meeting) =>
    meetingStatuses.filter((status) => canTransition(role, meeting.status, status));

  return new Hono<AppEnv>()
    .get('/networks/:slug/meetings', async (c) => {
      const { network, role } = await authoriseNetwork(
        deps.db,
        c.get('principal'),
        c.req.param('slug'),
        'network.view',
      );
      const organisations = new Map((await listOrganisations(deps.db)).map((o) => [o.id, o.name]));
      const years: { year: number; meetings: ReturnType<typeof meetingJson>[] }[] = [];
      // listMeetings is newest first, so each year's group is contiguous and the years come out newest first.
      for (const meeting of await listMeetings(deps.db, network.id)) {
        if (!mayInMeeting(role, 'meeting.view', meeting.status)) continue;
        const json = meetingJson(meeting, organisations.get(meeting.host_organisation_id ?? 0) ?? null);
        const last = years.at(-1);
        if (last?.year === json.year) last.meetings.push(json);
        else years.push({ year: json.year, meetings: [json] });
      }
      return c.json({ years });
    })
    .post('/networks/:slug/meetings', valid('json', meetingInput), async (c) => {
      const { network, principal } = await authoriseNetwork(
        deps.db,
        c.get('principal'),
        c.req.param('slug'),
        'meeting.create',
      );
      const input = c.req.valid('json');
      await checkHost(input);
      const meeting = await createMeeting(deps.db, network.id, input, principal.user.id);
      await indexMeetingWithHost(deps.db, meeting);
      await audit(deps, c, { networkId: network.id, event: 'meeting.created', subject: String(meeting.id) });
      return c.json({ meeting: meetingJson(meeting, await hostName(meeting)) }, 201);
    })
    .get('/meetings/:id', valid('param', meetingParam), async (c) => {
      const { meeting, network, role } = await authoriseMeeting(
        deps.db,
        c.get('principal'),
        c.req.valid('param').id,
        'meeting.view',
      );
      // The web app shows a control only when its flag is true; the server checks again on every request.
      const permissions = Object.fromEntries(
        meetingActions.map((action) => [action, mayInMeeting(role, action, meeting.status)]),
      );
      // A link to the published verslag is offered only when there is one: published, with its final version.
      const report = await findReport(deps.db, meeting.id);
      return c.json({
        meeting: meetingJson(meeting, await hostName(meeting)),
        network: { slug: network.slug, name: network.name },
        role,
        permissions,
        reportPublished: Boolean(report?.published_at && report.final_version_id !== null),
        transitions: transitionsFor(role, meeting),
      });
    })
    .patch('/meetings/:id', valid('param', meetingParam), valid('json', meetingInput), async (c) => {
      const { meeting } = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'meeting.edit');
      const input = c.req.valid('json');
      await checkHost(input);
      const updated = await updateMeeting(deps.db, meeting.id, input);
      if (!updated) fail(404, 'not_found');
      await indexMeetingWithHost(deps.db, updated);
      return c.json({ meeting: meetingJson(updated, await hostName(updated)) });
    })
    .post('/meetings/:id/status', valid('param', meetingParam), valid('json', meetingTransitionInput), async (c) => {
      const { meeting, network, role, principal } = await authoriseMeeting(
        deps.db,
        c.get('principal'),
        c.req.valid('param').id,
        'meeting.view',
      );
      const { status } = c.req.valid('json');
      // Asking for the status the meeting already has means someone else moved it first: the caller's view is stale.
      if (status === meeting.status) fail(409, 'status.changed');
      if (!canTransition(role, meeting.status, status)) fail(403, 'forbidden');
      if (!(await setMeetingStatus(deps.db, meeting.id, meeting.status, status))) fail(409, 'status.changed');
      // What members may do with the meeting's documents depends on the status: their sockets reconnect.
      const documents = await meetingDocumentNames(deps.db, network.slug, meeting.id);
      revoke(deps, { documents }, 'reauthorise', 'meeting status changed');
      await audit(deps, c, {
        networkId: network.id,
        event: 'meeting.statusChanged',
        subject: String(meeting.id),
        detail: { from: meeting.status, to: status },
      });
      deps.live.publish(
        network.id,
        { type: 'meeting.status', meetingId: meeting.id, status },
        { type: 'meeting', need: 'meeting.view', facts: { meeting: meetingInStatus(status) } },
      );
      const moved = (await findMeeting(deps.db, meeting.id)) ?? { ...meeting, status };
      if (status === 'published') {
        const stage = { network, meeting: moved, stage: 'programme', key: `${meeting.id}:programme` } as const;
        await notifyMeetingStage(deps, { ...stage, actorId: principal.user.id });
      }
      return c.json({ meeting: meetingJson(moved, await hostName(moved)), transitions: transitionsFor(role, moved) });
    });
}

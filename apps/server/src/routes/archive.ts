import { listArchiveMeetings } from '@klankbord/db';
import { Hono } from 'hono';
import { authoriseNetwork, mayInMeeting } from '../access/authorise.ts';
import type { AppEnv, Deps } from '../env.ts';

/**
 * GET /api/networks/:slug/archive — the network's meetings by year (of their first day, newest first), each only
 * if the member may see it in its status: a deelnemer does not see meetings still in preparation.
 */
export function archiveRoutes(deps: Deps) {
  return new Hono<AppEnv>().get('/networks/:slug/archive', async (c) => {
    const { network, role } = await authoriseNetwork(deps.db, c.get('principal'), c.req.param('slug'), 'network.view');
    const meetings = (await listArchiveMeetings(deps.db, network.id, network.slug)).filter((meeting) =>
      mayInMeeting(role, 'meeting.view', meeting.status),
    );
    const years: { year: number; meetings: typeof meetings }[] = [];
    // Already newest first, so each year's group is one run.
    for (const meeting of meetings) {
      const year = Number(meeting.date.slice(0, 4));
      const last = years.at(-1);
      if (last?.year === year) last.meetings.push(meeting);
      else years.push({ year, meetings: [meeting] });
    }
    return c.json({ years });
  });
}

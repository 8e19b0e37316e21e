import {
  chooseSession,
  countSessionChoices,
  findMeetingSession,
  findSessionChoice,
  listProgrammeItems,
  listSessions,
} from '@klankbord/db';
import { sessionChoiceInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authoriseMeeting } from '../access/authorise.ts';
import { meetingInStatus } from '../access/facts.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { valid } from '../validate.ts';

const meetingParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });

/**
 * A meeting's programme and deelsessies as read models (projected from the programme document, which the web
 * app edits over /collab), and the session each member picks. Mounted at /api; paths start at /meetings/:id.
 * Whoever is not signed in gets 401 from authoriseMeeting.
 */
export function programmeRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/meetings/:id/programme', valid('param', meetingParam), async (c) => {
      const { meeting } = await authoriseMeeting(
        deps.db,
        c.get('principal'),
        c.req.valid('param').id,
        'programme.view',
      );
      return c.json({ items: await listProgrammeItems(deps.db, meeting.id) });
    })
    .get('/meetings/:id/sessions', valid('param', meetingParam), async (c) => {
      const { meeting, principal } = await authoriseMeeting(
        deps.db,
        c.get('principal'),
        c.req.valid('param').id,
        'meeting.view',
      );
      const [sessions, counts, mine] = await Promise.all([
        listSessions(deps.db, meeting.id),
        countSessionChoices(deps.db, meeting.id),
        findSessionChoice(deps.db, meeting.id, principal.user.id),
      ]);
      return c.json({
        sessions: sessions.map(({ meetingId: _, ...session }) => ({
          ...session,
          participants: counts.get(session.id) ?? 0,
        })),
        myChoice: mine,
      });
    })
    .put('/meetings/:id/session-choice', valid('param', meetingParam), valid('json', sessionChoiceInput), async (c) => {
      const { meeting, network, principal } = await authoriseMeeting(
        deps.db,
        c.get('principal'),
        c.req.valid('param').id,
        'session.join',
      );
      const { sessionId } = c.req.valid('json');
      if (sessionId !== null && (await findMeetingSession(deps.db, sessionId))?.meetingId !== meeting.id) {
        fail(400, 'invalid_input', { sessionId: 'session.unknown' });
      }
      await chooseSession(deps.db, meeting.id, principal.user.id, sessionId);
      // The counts, not who chose what: whoever sees the meeting sees how many go to each session.
      const participants = Object.fromEntries(await countSessionChoices(deps.db, meeting.id));
      deps.live.publish(
        network.id,
        { type: 'session.choices', meetingId: meeting.id, participants },
        { type: 'meeting', need: 'meeting.view', facts: { meeting: meetingInStatus(meeting.status) } },
      );
      return c.json({ myChoice: sessionId });
    });
}

import {
  findMeetingSession,
  findPositions,
  findSessionChoice,
  listMeetings,
  listNetworksOfUser,
  listProgrammeItems,
  listStatements,
  type Meeting,
  type NetworkWithRole,
} from '@klankbord/db';
import { currentProgrammeItem, timeInNetherlands, todayInNetherlands, votingState } from '@klankbord/domain';
import { Hono } from 'hono';
import { decideAccess, mayInMeeting } from '../access/authorise.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';

/** How many upcoming meetings are put to the access decision before giving up: a bound on the work per request. */
const CANDIDATES_MAX = 20;

/**
 * What a member needs first after signing in: today's netwerkdag (or else the next one) of their networks, their
 * deelsessie, the stellingen open for voting now and the programme item running now. Every meeting passes the
 * one access decision first, so nobody learns of a meeting they may not see in its status.
 * `clock` is the time, injectable for tests.
 */
export function todayRoutes(deps: Deps, clock: () => Date = () => new Date()) {
  return new Hono<AppEnv>().get('/today', async (c) => {
    const principal = c.get('principal');
    if (!principal) fail(401, 'unauthorised');
    const now = clock();
    const today = todayInNetherlands(now);

    // The meetings of the caller's networks that have a day today or later, the nearest first.
    const candidates: { meeting: Meeting; network: NetworkWithRole; day: string }[] = [];
    for (const network of await listNetworksOfUser(deps.db, principal.user.id)) {
      for (const meeting of await listMeetings(deps.db, network.id)) {
        const day = meeting.dates.find((date) => date >= today);
        if (day) candidates.push({ meeting, network, day });
      }
    }
    candidates.sort((a, b) => a.day.localeCompare(b.day) || a.meeting.id - b.meeting.id);

    for (const candidate of candidates.slice(0, CANDIDATES_MAX)) {
      const address = { type: 'meeting', meetingId: candidate.meeting.id } as const;
      const { decision, grant } = await decideAccess(deps.db, principal, address, 'meeting.view');
      if (decision !== 'allow' || !grant.meeting || !grant.network) continue;
      const { meeting, network, role } = grant;
      const isToday = candidate.day === today;
      const seesProgramme = mayInMeeting(role, 'programme.view', meeting.status);

      const choice = seesProgramme ? await findSessionChoice(deps.db, meeting.id, principal.user.id) : null;
      const session = choice ? await findMeetingSession(deps.db, choice) : undefined;
      const items = isToday && seesProgramme ? await listProgrammeItems(deps.db, meeting.id) : [];
      const item = currentProgrammeItem(items, timeInNetherlands(now));
      const open = isToday
        ? (await listStatements(deps.db, meeting.id)).filter((s) => votingState(s, meeting.status) === 'open')
        : [];
      const mine = await findPositions(
        deps.db,
        open.map((s) => s.id),
        principal.user.id,
      );

      return c.json({
        today: isToday,
        meeting: {
          id: meeting.id,
          title: meeting.title,
          dates: meeting.dates,
          status: meeting.status,
          network: { slug: network.slug, name: network.name },
        },
        session:
          session && session.meetingId === meeting.id
            ? { id: session.id, topic: session.topic, room: session.room }
            : null,
        currentItem: item ? { title: item.title, kind: item.kind, start: item.start, end: item.end } : null,
        openStatements: open.map((s) => ({ id: s.id, text: s.text, myPosition: mine.get(s.id) ?? null })),
        mayVote: mayInMeeting(role, 'statement.vote', meeting.status),
      });
    }
    return c.json({ today: false, meeting: null });
  });
}

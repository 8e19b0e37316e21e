import {
  castVote,
  createStatement,
  deleteStatement,
  findPositions,
  findStatement,
  listStatements,
  type Statement,
  setVotingOpen,
  tallyGuestVotes,
  tallyStatements,
  updateStatement,
} from '@klankbord/db';
import {
  type CityTally,
  type LiveEventName,
  type LiveEventOf,
  type MeetingAction,
  type MeetingStatus,
  type Position,
  statementInput,
  type Tally,
  voteInput,
  votingDeadlineProblem,
  votingInput,
  votingState,
} from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authoriseMeeting, type MeetingAccess } from '../access/authorise.ts';
import { meetingInStatus } from '../access/facts.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { notifyMeetingStage } from '../notifications/producers.ts';
import { indexStatement, unindexStatement } from '../search-index.ts';
import { cityTallies, publishTallies } from '../statement-tallies.ts';
import { valid } from '../validate.ts';

const idParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });

/** A statement as the API returns it: members' and guests' votes counted apart, and per city (suppressed). */
function statementJson(
  statement: Statement,
  tallies: { tally: Tally; guestTally: Tally; cities: CityTally },
  myPosition: Position | null,
  status: MeetingStatus,
) {
  return {
    id: statement.id,
    meetingId: statement.meetingId,
    sessionId: statement.sessionId,
    text: statement.text,
    context: statement.context,
    votingOpen: statement.votingOpen,
    votingOpenedAt: statement.votingOpenedAt,
    /** When voting closes by itself, while it is open; null otherwise. */
    votingClosesAt: statement.votingOpen ? statement.votingClosesAt : null,
    /** What the stelling says: open only when a vote would count now; closed only once it was open. */
    votingState: votingState(statement, status),
    order: statement.order,
    tally: tallies.tally,
    guestTally: tallies.guestTally,
    cities: tallies.cities,
    myPosition,
    createdAt: statement.createdAt,
    updatedAt: statement.updatedAt,
  };
}

/**
 * Stellingen of a meeting: the preparers write them, the secretariat opens and closes voting while the
 * meeting is live, and members take a position that everyone watching sees counted at once.
 * Mounted at /api: its paths start at /meetings/:id and /statements/:id.
 */
export function statementRoutes(deps: Deps) {
  /** Statements with their tallies and the caller's own positions. */
  const withTallies = async (access: MeetingAccess, statements: Statement[]) => {
    const ids = statements.map((s) => s.id);
    const tallies = await tallyStatements(deps.db, ids);
    const guestTallies = await tallyGuestVotes(deps.db, ids);
    const cities = await cityTallies(deps.db, ids);
    const mine = await findPositions(deps.db, ids, access.principal.user.id);
    const none = { agree: 0, neutral: 0, disagree: 0 };
    return statements.map((s) =>
      statementJson(
        s,
        {
          tally: tallies.get(s.id) ?? none,
          guestTally: guestTallies.get(s.id) ?? none,
          cities: cities.get(s.id) ?? { groups: [], other: null },
        },
        mine.get(s.id) ?? null,
        access.meeting.status,
      ),
    );
  };
  /** A statement and the caller's standing towards its meeting; 404 when either is hidden from them. */
  const authoriseStatement = async (
    c: { get(key: 'principal'): AppEnv['Variables']['principal'] },
    id: number,
    action: MeetingAction,
  ): Promise<{ statement: Statement; access: MeetingAccess }> => {
    const statement = await findStatement(deps.db, id);
    if (!statement) fail(404, 'not_found');
    return { statement, access: await authoriseMeeting(deps.db, c.get('principal'), statement.meetingId, action) };
  };
  /** Tells everyone who may see the meeting about a change to one of its statements. */
  const publish = <K extends LiveEventName>(access: MeetingAccess, event: LiveEventOf<K>) => {
    const facts = { meeting: meetingInStatus(access.meeting.status) };
    deps.live.publish(access.network.id, event, { type: 'meeting', need: 'meeting.view', facts });
  };

  return new Hono<AppEnv>()
    .get('/meetings/:id/statements', valid('param', idParam), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'meeting.view');
      return c.json({ statements: await withTallies(access, await listStatements(deps.db, access.meeting.id)) });
    })
    .post('/meetings/:id/statements', valid('param', idParam), valid('json', statementInput), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'statement.manage');
      const statement = await createStatement(deps.db, access.meeting.id, c.req.valid('json'));
      await indexStatement(deps.db, access.meeting, statement);
      const [json] = await withTallies(access, [statement]);
      return c.json({ statement: json! }, 201);
    })
    .patch('/statements/:id', valid('param', idParam), valid('json', statementInput), async (c) => {
      const { statement, access } = await authoriseStatement(c, c.req.valid('param').id, 'statement.manage');
      const updated = await updateStatement(deps.db, statement.id, c.req.valid('json'));
      if (!updated) fail(404, 'not_found');
      await indexStatement(deps.db, access.meeting, updated);
      const [json] = await withTallies(access, [updated]);
      return c.json({ statement: json! });
    })
    .delete('/statements/:id', valid('param', idParam), async (c) => {
      const { statement } = await authoriseStatement(c, c.req.valid('param').id, 'statement.manage');
      if (!(await deleteStatement(deps.db, statement.id))) fail(404, 'not_found');
      await unindexStatement(deps.db, statement.id);
      return c.body(null, 204);
    })
    .post('/statements/:id/voting', valid('param', idParam), valid('json', votingInput), async (c) => {
      const { statement, access } = await authoriseStatement(c, c.req.valid('param').id, 'statement.openVoting');
      const { open, closesAt } = c.req.valid('json');
      const now = Date.now();
      const problem = open && closesAt !== null ? votingDeadlineProblem(closesAt, now) : null;
      if (problem) fail(400, problem);
      const updated = await setVotingOpen(deps.db, statement.id, open, now, open ? closesAt : null);
      if (!updated) fail(404, 'not_found');
      publish(access, {
        type: 'statement.voting',
        meetingId: updated.meetingId,
        statementId: updated.id,
        votingOpen: updated.votingOpen,
        votingClosesAt: updated.votingClosesAt,
      });
      if (updated.votingOpen) {
        const { network, meeting, principal } = access;
        const key = `statement:${updated.id}:voting`;
        await notifyMeetingStage(deps, {
          network,
          meeting,
          stage: 'voting',
          key,
          actorId: principal.user.id,
          title: updated.text,
        });
      }
      const [json] = await withTallies(access, [updated]);
      return c.json({ statement: json! });
    })
    .put('/statements/:id/vote', valid('param', idParam), valid('json', voteInput), async (c) => {
      const { statement, access } = await authoriseStatement(c, c.req.valid('param').id, 'statement.vote');
      const { position } = c.req.valid('json');
      const tally = await castVote(deps.db, statement.id, access.principal.user.id, position);
      if (!tally) fail(404, 'not_found');
      if (tally === 'closed') fail(409, 'voting.closed');
      const { meeting, network } = access;
      await publishTallies(deps, { id: meeting.id, networkId: network.id, status: meeting.status }, statement.id);
      const cities = (await cityTallies(deps.db, [statement.id])).get(statement.id)!;
      return c.json({ tally, cities, myPosition: position });
    });
}

import { type Db, findMeeting, tallyByOrganisation, tallyGuestVotes, tallyStatements } from '@klankbord/db';
import { type CityTally, type MeetingStatus, suppressCityTally } from '@klankbord/domain';
import { meetingInStatus } from './access/facts.ts';
import type { Deps } from './env.ts';

/**
 * Per statement, the vote per organisation as it may leave the server: groups below the minimum suppressed
 * (suppressCityTally). Every response, live event and export takes it from here, never the raw groups.
 */
export async function cityTallies(db: Db, statementIds: readonly number[]): Promise<Map<number, CityTally>> {
  const groups = await tallyByOrganisation(db, statementIds);
  return new Map(statementIds.map((id) => [id, suppressCityTally(groups.get(id) ?? [])]));
}

/** Tells everyone who may see the meeting a statement's tallies after a vote: members', guests', per city. */
export async function publishTallies(
  deps: Pick<Deps, 'db' | 'live'>,
  meeting: { id: number; networkId: number; status: MeetingStatus },
  statementId: number,
): Promise<void> {
  const ids = [statementId];
  const none = { agree: 0, neutral: 0, disagree: 0 };
  const tally = (await tallyStatements(deps.db, ids)).get(statementId) ?? none;
  const guestTally = (await tallyGuestVotes(deps.db, ids)).get(statementId) ?? none;
  const cities = (await cityTallies(deps.db, ids)).get(statementId) ?? { groups: [], other: null };
  deps.live.publish(
    meeting.networkId,
    { type: 'statement.tally', meetingId: meeting.id, statementId, tally, guestTally, cities },
    { type: 'meeting', need: 'meeting.view', facts: { meeting: meetingInStatus(meeting.status) } },
  );
}

/** Tells everyone who may see the meeting that a statement's voting opened or closed. */
export async function publishVoting(
  deps: Pick<Deps, 'db' | 'live'>,
  statement: { id: number; meetingId: number; votingOpen: boolean; votingClosesAt: number | null },
): Promise<void> {
  const meeting = await findMeeting(deps.db, statement.meetingId);
  if (!meeting) return;
  deps.live.publish(
    meeting.network_id,
    {
      type: 'statement.voting',
      meetingId: statement.meetingId,
      statementId: statement.id,
      votingOpen: statement.votingOpen,
      votingClosesAt: statement.votingOpen ? statement.votingClosesAt : null,
    },
    { type: 'meeting', need: 'meeting.view', facts: { meeting: meetingInStatus(meeting.status) } },
  );
}

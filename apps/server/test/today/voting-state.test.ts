import { setMeetingStatus, setVotingOpen } from '@klankbord/db';
import { describe, expect, it } from 'vitest';
import { arrangeCast, meetingIn, statementIn } from '../meetings/fixtures.ts';
import { useCastServer } from '../support/use-server.ts';

const ctx = useCastServer(arrangeCast);

async function statesOf(meetingId: number) {
  const { body } = await ctx.cast.api.deelnemer.get(`/api/meetings/${meetingId}/statements`);
  return body.statements.map((s: { text: string; votingState: string }) => [s.text, s.votingState]);
}

describe('what a stelling says about voting', () => {
  it('says open only while a vote would count, closed only once it was open, and nothing before', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
    await statementIn(ctx.server, meetingId, { text: 'Open', open: true });
    const wasOpen = await statementIn(ctx.server, meetingId, { text: 'Was open', open: true });
    await setVotingOpen(ctx.server.db, wasOpen.id, false);
    await statementIn(ctx.server, meetingId, { text: 'Nooit open' });
    expect(await statesOf(meetingId)).toEqual([
      ['Open', 'open'],
      ['Was open', 'closed'],
      ['Nooit open', 'notOpened'],
    ]);

    // The meeting moves on to its verslag with voting still open: a vote would be refused, so it says closed.
    expect(await setMeetingStatus(ctx.server.db, meetingId, 'live', 'reporting')).toBe(true);
    expect(await statesOf(meetingId)).toEqual([
      ['Open', 'closed'],
      ['Was open', 'closed'],
      ['Nooit open', 'notOpened'],
    ]);
    const vote = await ctx.cast.api.deelnemer.put(`/api/statements/${wasOpen.id}/vote`, { position: 'agree' });
    expect(vote.status).toBe(403);
  });
});

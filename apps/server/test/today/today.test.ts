import { chooseSession, replaceProgrammeProjection } from '@klankbord/db';
import { todayInNetherlands } from '@klankbord/domain';
import { describe, expect, it } from 'vitest';
import { arrangeCast, meetingIn, OUTSIDER, statementIn } from '../meetings/fixtures.ts';
import { useCastServer } from '../support/use-server.ts';

const ctx = useCastServer(arrangeCast, { perTest: true });

/** A date `days` from today in the Netherlands, as YYYY-MM-DD. */
function dayFromToday(days: number): string {
  const date = new Date(`${todayInNetherlands(new Date())}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

describe('today’s netwerkdag, first after signing in', () => {
  it('shows a deelnemer today’s live netwerkdag with their deelsessie, the open stelling and the item running now', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live', {
      title: 'Netwerkdag Breda',
      dates: [dayFromToday(0)],
    });
    await replaceProgrammeProjection(
      ctx.server.db,
      meetingId,
      [
        {
          id: 'item-all-day',
          kind: 'deelsessies',
          title: 'De hele dag',
          start: '00:00',
          // Until midnight, so that the item runs whenever the test does.
          end: '24:00',
          overlaps: false,
          speakers: [],
          descriptionText: '',
        },
      ],
      [
        {
          id: 'sessie-carbid',
          itemId: 'item-all-day',
          position: 0,
          topic: 'Carbidschieten',
          facilitator: '',
          rapporteur: '',
          room: 'Zaal 2',
          rotationMinutes: null,
        },
      ],
    );
    await chooseSession(ctx.server.db, meetingId, ctx.cast.userIds.deelnemer, 'sessie-carbid');
    const open = await statementIn(ctx.server, meetingId, { open: true, text: 'Vuurwerk hoort bij oud en nieuw' });
    await statementIn(ctx.server, meetingId, { text: 'Nog niet geopend' });

    const response = await ctx.cast.api.deelnemer.get('/api/me/today');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      today: true,
      meeting: { id: meetingId, title: 'Netwerkdag Breda', status: 'live', network: { slug: 'ngs' } },
      session: { id: 'sessie-carbid', topic: 'Carbidschieten', room: 'Zaal 2' },
      currentItem: { title: 'De hele dag' },
      openStatements: [{ id: open.id, text: 'Vuurwerk hoort bij oud en nieuw', myPosition: null }],
      mayVote: true,
    });
  });

  it('shows the next netwerkdag when none is today, with nothing open to vote on', async () => {
    await meetingIn(ctx.server, ctx.cast, 'closed', { title: 'Vorig jaar', dates: [dayFromToday(-300)] });
    const later = await meetingIn(ctx.server, ctx.cast, 'published', { title: 'Later', dates: [dayFromToday(60)] });
    const next = await meetingIn(ctx.server, ctx.cast, 'published', { title: 'Straks', dates: [dayFromToday(7)] });
    const response = await ctx.cast.api.gast.get('/api/me/today');
    expect(response.body).toMatchObject({ today: false, meeting: { id: next, title: 'Straks' }, openStatements: [] });
    expect(response.body.meeting.id).not.toBe(later);
  });

  it('does not show a deelnemer a netwerkdag still in voorbereiding, which the klankbordgroep does see', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation', { dates: [dayFromToday(3)] });
    expect((await ctx.cast.api.deelnemer.get('/api/me/today')).body).toEqual({ today: false, meeting: null });
    expect((await ctx.cast.api.klankbordgroep.get('/api/me/today')).body.meeting.id).toBe(meetingId);
  });

  it('shows a member of another network nothing of ours', async () => {
    await meetingIn(ctx.server, ctx.cast, 'live', { dates: [dayFromToday(0)] });
    const response = await ctx.cast.outsider.get('/api/me/today');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ today: false, meeting: null });
    expect(OUTSIDER.network).not.toBe('ngs');
  });

  it('refuses a caller without an account', async () => {
    expect((await ctx.cast.anonymous.get('/api/me/today')).status).toBe(401);
  });
});

import { ensureOrganisation } from '@klankbord/db';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../api/support.ts';
import { openEventStream } from '../support/events.ts';
import { useCastServer } from '../support/use-server.ts';
import { arrangeCast, extraMember, meetingIn, members, statementIn } from './fixtures.ts';

const ctx = useCastServer(arrangeCast);

/** A new deelnemer of `ngs` who works for the city. */
async function memberOf(city: string): Promise<ApiClient> {
  const organisation = await ensureOrganisation(ctx.server.db, {
    name: `Gemeente ${city}`,
    shortName: city,
    kind: 'gemeente',
  });
  const member = await extraMember(ctx.server, 'deelnemer');
  await ctx.server.db
    .updateTable('users')
    .set({ organisation_id: organisation.id })
    .where('id', '=', member.userId)
    .execute();
  return member.api;
}

describe('the vote per city', () => {
  it('shows a city with enough voters and never sends a smaller one, in JSON or on the live stream', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
    const statement = await statementIn(ctx.server, meetingId, { open: true });
    const watcher = await openEventStream(ctx.server.httpUrl, 'ngs', members.gast.token);
    try {
      await waitFor(() => watcher.events.some((e) => e.event === 'ready'), "the watcher's stream to open");
      const voters = [
        ...(await Promise.all(['Utrecht', 'Utrecht', 'Utrecht'].map(memberOf))),
        await memberOf('Breda'),
        await memberOf('Assen'),
        await memberOf('Tilburg'),
      ];
      const positions = ['agree', 'agree', 'neutral', 'disagree', 'agree', 'neutral'];
      for (const [i, voter] of voters.entries()) {
        const response = await voter.put(`/api/statements/${statement.id}/vote`, { position: positions[i] });
        expect(response.status).toBe(200);
        expect(JSON.stringify(response.body)).not.toMatch(/Breda|Assen|Tilburg/);
      }
      await waitFor(
        () => watcher.events.filter((e) => e.event === 'statement.tally').length === voters.length,
        'every tally to reach the watcher',
      );
      const tallies = watcher.events.filter((e) => e.event === 'statement.tally');
      // While Utrecht alone had voted (1, 2 voters) and while the one Breda voter would be the total minus
      // Utrecht, nothing per city went out; the small cities never did.
      for (const event of tallies) expect(JSON.stringify(event.data)).not.toMatch(/Breda|Assen|Tilburg/);
      expect(tallies.map((e) => (e.data as { cities: unknown }).cities)).toEqual([
        { groups: [], other: null },
        { groups: [], other: null },
        { groups: [{ organisation: 'Utrecht', tally: { agree: 2, neutral: 1, disagree: 0 } }], other: null },
        // Breda's one vote would be the total minus Utrecht: Utrecht is folded in with it (secondary suppression),
        // which leaves no organisation to name, so nothing per city; likewise with Assen's.
        { groups: [], other: null },
        { groups: [], other: null },
        {
          groups: [{ organisation: 'Utrecht', tally: { agree: 2, neutral: 1, disagree: 0 } }],
          other: { agree: 1, neutral: 1, disagree: 1 },
        },
      ]);

      const list = await ctx.cast.api.gast.get(`/api/meetings/${meetingId}/statements`);
      expect(list.body.statements[0].cities).toEqual({
        groups: [{ organisation: 'Utrecht', tally: { agree: 2, neutral: 1, disagree: 0 } }],
        other: { agree: 1, neutral: 1, disagree: 1 },
      });
      expect(JSON.stringify(list.body)).not.toMatch(/Breda|Assen|Tilburg/);
    } finally {
      watcher.close();
    }
  });
});

describe('a closing time for voting', () => {
  it('closes voting by itself at its closing time: later votes are refused and the stream says closed', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
    const statement = await statementIn(ctx.server, meetingId);
    const watcher = await openEventStream(ctx.server.httpUrl, 'ngs', members.gast.token);
    try {
      await waitFor(() => watcher.events.some((e) => e.event === 'ready'), "the watcher's stream to open");
      const closesAt = Date.now() + 1500;
      const opened = await ctx.cast.api.secretariaat.post(`/api/statements/${statement.id}/voting`, {
        open: true,
        closesAt,
      });
      expect(opened.status).toBe(200);
      expect(opened.body.statement).toMatchObject({ votingOpen: true, votingState: 'open', votingClosesAt: closesAt });
      const early = await ctx.cast.api.deelnemer.put(`/api/statements/${statement.id}/vote`, { position: 'agree' });
      expect(early.status).toBe(200);

      const voting = () =>
        watcher.events
          .filter((e) => e.event === 'statement.voting')
          .map((e) => e.data as { votingOpen: boolean; votingClosesAt: number | null });
      await waitFor(() => voting().some((e) => !e.votingOpen), 'the stream to say voting closed', 5000);
      expect(voting()).toEqual([
        expect.objectContaining({ votingOpen: true, votingClosesAt: closesAt }),
        expect.objectContaining({ votingOpen: false, votingClosesAt: null }),
      ]);
      expect(Date.now()).toBeGreaterThanOrEqual(closesAt);

      const late = await ctx.cast.api.klankbordgroep.put(`/api/statements/${statement.id}/vote`, {
        position: 'disagree',
      });
      expect({ status: late.status, body: late.body }).toEqual({ status: 409, body: { error: 'voting.closed' } });
      const list = await ctx.cast.api.deelnemer.get(`/api/meetings/${meetingId}/statements`);
      expect(list.body.statements[0]).toMatchObject({
        votingOpen: false,
        votingState: 'closed',
        votingClosesAt: null,
        tally: { agree: 1, neutral: 0, disagree: 0 },
      });
    } finally {
      watcher.close();
    }
  });

  it('refuses a vote after the closing time even before the server has closed it', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
    const statement = await statementIn(ctx.server, meetingId, { open: true });
    // As if the closing time passed a moment ago and no check has run yet: the row still says open.
    await ctx.server.db
      .updateTable('statements')
      .set({ voting_closes_at: Date.now() - 1 })
      .where('id', '=', statement.id)
      .execute();
    const late = await ctx.cast.api.deelnemer.put(`/api/statements/${statement.id}/vote`, { position: 'agree' });
    expect(late.status).toBe(409);
  });

  it('refuses a closing time that has passed, lies too far ahead or is no number, and changes nothing', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
    const statement = await statementIn(ctx.server, meetingId);
    const post = (body: unknown) => ctx.cast.api.secretariaat.post(`/api/statements/${statement.id}/voting`, body);
    const cases: [unknown, string][] = [
      [{ open: true, closesAt: Date.now() - 1000 }, 'closesAt.past'],
      [{ open: true, closesAt: Date.now() + 15 * 24 * 60 * 60 * 1000 }, 'closesAt.tooFar'],
      [{ open: true, closesAt: 'morgen' }, 'closesAt.invalid'],
      [{ open: true, closesAt: 1.5 }, 'closesAt.invalid'],
    ];
    for (const [body, key] of cases) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain(key);
    }
    const row = await ctx.server.db
      .selectFrom('statements')
      .select(['voting_open', 'voting_closes_at'])
      .where('id', '=', statement.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ voting_open: 0, voting_closes_at: null });
    // Only who may open voting sets a closing time.
    const byDeelnemer = await ctx.cast.api.deelnemer.post(`/api/statements/${statement.id}/voting`, {
      open: true,
      closesAt: Date.now() + 60_000,
    });
    expect(byDeelnemer.status).toBe(403);
  });
});

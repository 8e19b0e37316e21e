import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import { openEventStream } from '../support/events.ts';
import { useCastServer } from '../support/use-server.ts';
import { arrangeCast, extraMember, meetingIn, members, statementIn } from './fixtures.ts';

const ctx = useCastServer(arrangeCast);

async function votesOn(statementId: number) {
  return ctx.server.db
    .selectFrom('votes')
    .select(['user_id', 'position'])
    .where('statement_id', '=', statementId)
    .orderBy('user_id')
    .execute();
}

describe('stellingen of a meeting', () => {
  it('adds statements in order with their context and session, voting closed', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const texts = ['Eerste stelling', 'Tweede stelling', 'Derde stelling'];
    for (const text of texts) {
      const response = await ctx.cast.api.klankbordgroep.post(`/api/meetings/${meetingId}/statements`, {
        text,
        context: 'Uit de enquête',
        sessionId: 'dilemmatafel-2',
      });
      expect(response.status).toBe(201);
      expect(response.body.statement).toMatchObject({
        text,
        context: 'Uit de enquête',
        sessionId: 'dilemmatafel-2',
        votingOpen: false,
        tally: { agree: 0, neutral: 0, disagree: 0 },
        myPosition: null,
      });
    }
    const list = await ctx.cast.api.secretariaat.get(`/api/meetings/${meetingId}/statements`);
    expect(list.body.statements.map((s: { text: string }) => s.text)).toEqual(texts);
    const orders = list.body.statements.map((s: { order: string }) => s.order);
    expect([...orders].sort()).toEqual(orders);
    expect(new Set(orders).size).toBe(3);
  });

  it('refuses a vote before the meeting is live with 403 and stores nothing', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'published');
    const statement = await statementIn(ctx.server, meetingId, { open: true });
    const response = await ctx.cast.api.deelnemer.put(`/api/statements/${statement.id}/vote`, { position: 'agree' });
    expect({ status: response.status, body: response.body }).toEqual({ status: 403, body: { error: 'forbidden' } });
    expect(await votesOn(statement.id)).toEqual([]);
  });

  it('refuses a vote while voting on the statement is closed with 409 voting.closed and stores nothing', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
    const statement = await statementIn(ctx.server, meetingId);
    const response = await ctx.cast.api.deelnemer.put(`/api/statements/${statement.id}/vote`, { position: 'agree' });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 409,
      body: { error: 'voting.closed' },
    });
    expect(await votesOn(statement.id)).toEqual([]);
  });

  it('lets the secretariat open and close voting, and refuses votes again once it is closed', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
    const statement = await statementIn(ctx.server, meetingId);
    const opened = await ctx.cast.api.secretariaat.post(`/api/statements/${statement.id}/voting`, { open: true });
    expect(opened.status).toBe(200);
    expect(opened.body.statement.votingOpen).toBe(true);
    expect(
      (await ctx.cast.api.deelnemer.put(`/api/statements/${statement.id}/vote`, { position: 'agree' })).status,
    ).toBe(200);
    const byKlankbordgroep = await ctx.cast.api.klankbordgroep.post(`/api/statements/${statement.id}/voting`, {
      open: false,
    });
    expect(byKlankbordgroep.status).toBe(403);
    const closed = await ctx.cast.api.secretariaat.post(`/api/statements/${statement.id}/voting`, { open: false });
    expect(closed.body.statement).toMatchObject({ votingOpen: false, tally: { agree: 1, neutral: 0, disagree: 0 } });
    const late = await ctx.cast.api.deelnemer.put(`/api/statements/${statement.id}/vote`, { position: 'disagree' });
    expect(late.status).toBe(409);
    expect(await votesOn(statement.id)).toEqual([{ user_id: ctx.cast.userIds.deelnemer, position: 'agree' }]);
  });

  it('counts one position per member, lets a member change it, and tallies correctly', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
    const statement = await statementIn(ctx.server, meetingId, { open: true });
    const others = await Promise.all([extraMember(ctx.server, 'deelnemer'), extraMember(ctx.server, 'deelnemer')]);
    const vote = (api: typeof ctx.cast.api.deelnemer, position: string) =>
      api.put(`/api/statements/${statement.id}/vote`, { position });

    expect((await vote(ctx.cast.api.deelnemer, 'agree')).body).toEqual({
      tally: { agree: 1, neutral: 0, disagree: 0 },
      // One voter, without an organisation: nothing per city may be shown yet.
      cities: { groups: [], other: null },
      myPosition: 'agree',
    });
    await vote(ctx.cast.api.deelnemer, 'agree');
    await vote(ctx.cast.api.klankbordgroep, 'neutral');
    await vote(others[0].api, 'disagree');
    await vote(others[1].api, 'disagree');
    const changed = await vote(ctx.cast.api.deelnemer, 'disagree');
    expect(changed.body).toEqual({
      tally: { agree: 0, neutral: 1, disagree: 3 },
      // Four voters, none with an organisation: no city to name, so nothing per city (the total says it all).
      cities: { groups: [], other: null },
      myPosition: 'disagree',
    });
    expect(await votesOn(statement.id)).toHaveLength(4);

    const list = await ctx.cast.api.deelnemer.get(`/api/meetings/${meetingId}/statements`);
    expect(list.body.statements[0]).toMatchObject({
      tally: { agree: 0, neutral: 1, disagree: 3 },
      myPosition: 'disagree',
    });
    const asGast = await ctx.cast.api.gast.get(`/api/meetings/${meetingId}/statements`);
    expect(asGast.body.statements[0]).toMatchObject({ tally: { agree: 0, neutral: 1, disagree: 3 }, myPosition: null });
    // A gast reads along but may not take a position.
    expect((await vote(ctx.cast.api.gast, 'agree')).status).toBe(403);
  });

  it('counts simultaneous votes of many members exactly once each', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
    const statement = await statementIn(ctx.server, meetingId, { open: true });
    const voters = await Promise.all(Array.from({ length: 12 }, () => extraMember(ctx.server, 'deelnemer')));
    const positions = ['agree', 'neutral', 'disagree'] as const;
    const responses = await Promise.all(
      voters.map((voter, i) => voter.api.put(`/api/statements/${statement.id}/vote`, { position: positions[i % 3] })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const list = await ctx.cast.api.secretariaat.get(`/api/meetings/${meetingId}/statements`);
    expect(list.body.statements[0].tally).toEqual({ agree: 4, neutral: 4, disagree: 4 });
  });

  it("sends one member's vote to another member's live event stream as a statement.tally event", async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
    const statement = await statementIn(ctx.server, meetingId, { open: true });
    const watcher = await openEventStream(ctx.server.httpUrl, 'ngs', members.gast.token);
    try {
      await waitFor(() => watcher.events.some((e) => e.event === 'ready'), "the watcher's stream to open");
      const tallies = () => watcher.events.filter((e) => e.event === 'statement.tally').map((e) => e.data);

      await ctx.cast.api.deelnemer.put(`/api/statements/${statement.id}/vote`, { position: 'agree' });
      await waitFor(() => tallies().length === 1, 'the first tally to reach the watcher');
      expect(tallies()[0]).toEqual({
        type: 'statement.tally',
        meetingId,
        statementId: statement.id,
        tally: { agree: 1, neutral: 0, disagree: 0 },
        guestTally: { agree: 0, neutral: 0, disagree: 0 },
        cities: { groups: [], other: null },
      });

      await ctx.cast.api.klankbordgroep.put(`/api/statements/${statement.id}/vote`, { position: 'neutral' });
      await waitFor(() => tallies().length === 2, 'the second tally to reach the watcher');
      expect(tallies()[1]?.tally).toEqual({ agree: 1, neutral: 1, disagree: 0 });
    } finally {
      watcher.close();
    }
  });

  it('does not tell members of another network about a vote', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
    const statement = await statementIn(ctx.server, meetingId, { open: true });
    const stranger = await openEventStream(ctx.server.httpUrl, 'elders', ctx.cast.outsider.token!);
    const member = await openEventStream(ctx.server.httpUrl, 'ngs', members.gast.token);
    try {
      await waitFor(() => stranger.events.some((e) => e.event === 'ready'), "the stranger's stream to open");
      await waitFor(() => member.events.some((e) => e.event === 'ready'), "the member's stream to open");
      await ctx.cast.api.deelnemer.put(`/api/statements/${statement.id}/vote`, { position: 'agree' });
      await waitFor(() => member.events.some((e) => e.event === 'statement.tally'), 'the tally to reach the member');
      // Both streams are served by the same loop that sent the member's event; the stranger's has none.
      expect(stranger.events.map((e) => e.event)).toEqual(['ready']);
    } finally {
      stranger.close();
      member.close();
    }
  });

  it('lets the preparers edit and delete a statement, with its votes, until the meeting is live', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'published');
    const statement = await statementIn(ctx.server, meetingId, { open: true });
    const edited = await ctx.cast.api.klankbordgroep.patch(`/api/statements/${statement.id}`, {
      text: 'Herziene stelling',
      context: 'Nieuwe context',
      sessionId: null,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.statement).toMatchObject({ text: 'Herziene stelling', context: 'Nieuwe context' });
    expect(
      (await ctx.cast.api.deelnemer.patch(`/api/statements/${statement.id}`, { text: 'Niet van mij' })).status,
    ).toBe(403);
    expect((await ctx.cast.api.klankbordgroep.delete(`/api/statements/${statement.id}`)).status).toBe(204);
    expect((await ctx.cast.api.secretariaat.get(`/api/meetings/${meetingId}/statements`)).body.statements).toEqual([]);
    expect((await ctx.cast.api.klankbordgroep.delete(`/api/statements/${statement.id}`)).status).toBe(404);
  });
});

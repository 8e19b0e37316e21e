import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import { openEventStream } from '../support/events.ts';
import { useCastServer } from '../support/use-server.ts';
import { arrangeCast, meetingBody, meetingIn, members } from './fixtures.ts';

const ctx = useCastServer(arrangeCast);

async function statusOf(meetingId: number): Promise<string | undefined> {
  const row = await ctx.server.db
    .selectFrom('meetings')
    .select('status')
    .where('id', '=', meetingId)
    .executeTakeFirst();
  return row?.status;
}

async function statusChanges(meetingId: number) {
  const rows = await ctx.server.db
    .selectFrom('audit_events')
    .select(['detail', 'actor_id'])
    .where('event', '=', 'meeting.statusChanged')
    .where('subject', '=', String(meetingId))
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ ...(JSON.parse(row.detail) as { from: string; to: string }), actorId: row.actor_id }));
}

describe('the lifecycle of a netwerkdag', () => {
  it('moves a meeting from preparation to closed and back to reporting, recording each move in the audit log', async () => {
    const created = await ctx.cast.api.klankbordgroep.post('/api/networks/ngs/meetings', meetingBody());
    expect(created.status).toBe(201);
    const id = created.body.meeting.id as number;
    expect(created.body.meeting.status).toBe('preparation');

    const seen = await ctx.cast.api.klankbordgroep.get(`/api/meetings/${id}`);
    expect(seen.body.transitions).toEqual(['published']);

    const moves: [keyof typeof ctx.cast.api, string][] = [
      ['klankbordgroep', 'published'],
      ['secretariaat', 'live'],
      ['secretariaat', 'reporting'],
      ['secretariaat', 'closed'],
      ['secretariaat', 'reporting'],
    ];
    for (const [role, status] of moves) {
      const response = await ctx.cast.api[role].post(`/api/meetings/${id}/status`, { status });
      expect(response.status, `${role} → ${status}: ${JSON.stringify(response.body)}`).toBe(200);
      expect(response.body.meeting.status).toBe(status);
      expect(await statusOf(id)).toBe(status);
    }
    expect(await statusChanges(id)).toEqual([
      { from: 'preparation', to: 'published', actorId: ctx.cast.userIds.klankbordgroep },
      { from: 'published', to: 'live', actorId: ctx.cast.userIds.secretariaat },
      { from: 'live', to: 'reporting', actorId: ctx.cast.userIds.secretariaat },
      { from: 'reporting', to: 'closed', actorId: ctx.cast.userIds.secretariaat },
      { from: 'closed', to: 'reporting', actorId: ctx.cast.userIds.secretariaat },
    ]);
  });

  it('refuses a move the role may not make (403) or that skips a step (403), and leaves the status as it was', async () => {
    const id = await meetingIn(ctx.server, ctx.cast, 'published');
    const byKlankbordgroep = await ctx.cast.api.klankbordgroep.post(`/api/meetings/${id}/status`, { status: 'live' });
    expect({ status: byKlankbordgroep.status, body: byKlankbordgroep.body }).toEqual({
      status: 403,
      body: { error: 'forbidden' },
    });
    const skipping = await ctx.cast.api.secretariaat.post(`/api/meetings/${id}/status`, { status: 'closed' });
    expect(skipping.status).toBe(403);
    const byDeelnemer = await ctx.cast.api.deelnemer.post(`/api/meetings/${id}/status`, { status: 'preparation' });
    expect(byDeelnemer.status).toBe(403);
    expect(await statusOf(id)).toBe('published');
    expect(await statusChanges(id)).toEqual([]);
  });

  it('refuses an unknown status with 400 status.invalid', async () => {
    const id = await meetingIn(ctx.server, ctx.cast, 'published');
    const response = await ctx.cast.api.secretariaat.post(`/api/meetings/${id}/status`, { status: 'archived' });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 400,
      body: { error: 'invalid_input', fields: { status: 'status.invalid' } },
    });
    expect(await statusOf(id)).toBe('published');
  });

  it('lets one of two simultaneous moves win and tells the other 409 status.changed', async () => {
    // Several rounds, so that both orders of arrival at the database are likely to occur.
    for (let round = 0; round < 5; round++) {
      const id = await meetingIn(ctx.server, ctx.cast, 'published');
      const responses = await Promise.all([
        ctx.cast.api.secretariaat.post(`/api/meetings/${id}/status`, { status: 'live' }),
        ctx.cast.api.secretariaat.post(`/api/meetings/${id}/status`, { status: 'live' }),
      ]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(responses.find((r) => r.status === 409)?.body).toEqual({ error: 'status.changed' });
      expect(await statusOf(id)).toBe('live');
      expect(await statusChanges(id)).toHaveLength(1);
    }
  });

  it('lets one of two different simultaneous moves win, never both', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await meetingIn(ctx.server, ctx.cast, 'live');
      const responses = await Promise.all([
        ctx.cast.api.secretariaat.post(`/api/meetings/${id}/status`, { status: 'reporting' }),
        ctx.cast.api.secretariaat.post(`/api/meetings/${id}/status`, { status: 'published' }),
      ]);
      const statuses = responses.map((r) => r.status);
      // The loser either lost the race (409) or arrived after the move and finds its step no longer exists (403).
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409 || s === 403)).toHaveLength(1);
      const winner = responses.find((r) => r.status === 200)!;
      expect(await statusOf(id)).toBe(winner.body.meeting.status);
      expect(await statusChanges(id)).toHaveLength(1);
    }
  });

  it('tells the members who may see the meeting about its new status, live', async () => {
    const id = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const deelnemer = await openEventStream(ctx.server.httpUrl, 'ngs', members.deelnemer.token);
    const secretariaat = await openEventStream(ctx.server.httpUrl, 'ngs', members.secretariaat.token);
    try {
      await waitFor(() => deelnemer.events.some((e) => e.event === 'ready'), "the deelnemer's stream");
      await waitFor(() => secretariaat.events.some((e) => e.event === 'ready'), "the secretariaat's stream");
      const statusEvents = (stream: typeof deelnemer) =>
        stream.events.filter((e) => e.event === 'meeting.status' && e.data.meetingId === id).map((e) => e.data.status);

      for (const status of ['published', 'preparation', 'published']) {
        const response = await ctx.cast.api.secretariaat.post(`/api/meetings/${id}/status`, { status });
        expect(response.status).toBe(200);
      }
      await waitFor(() => statusEvents(secretariaat).length === 3, 'the secretariaat to see every move');
      expect(statusEvents(secretariaat)).toEqual(['published', 'preparation', 'published']);
      // A deelnemer may not see a meeting in preparation, so is not told it went back there; events arrive in order.
      await waitFor(() => statusEvents(deelnemer).length === 2, 'the deelnemer to see the moves to published');
      expect(statusEvents(deelnemer)).toEqual(['published', 'published']);
      expect(deelnemer.events.find((e) => e.event === 'meeting.status')?.data).toEqual({
        type: 'meeting.status',
        meetingId: id,
        status: 'published',
      });
    } finally {
      deelnemer.close();
      secretariaat.close();
    }
  });

  it('lets the preparers edit the details while the meeting allows it, and nobody once it is closed', async () => {
    const id = await meetingIn(ctx.server, ctx.cast, 'published');
    const edited = await ctx.cast.api.klankbordgroep.patch(
      `/api/meetings/${id}`,
      meetingBody({ title: 'Netwerkdag Breda', dates: ['2025-11-14', '2025-11-13'], format: 'hybrid' }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body.meeting).toMatchObject({
      title: 'Netwerkdag Breda',
      dates: ['2025-11-13', '2025-11-14'],
      format: 'hybrid',
      status: 'published',
    });
    const closed = await meetingIn(ctx.server, ctx.cast, 'closed');
    const refused = await ctx.cast.api.secretariaat.patch(`/api/meetings/${closed}`, meetingBody({ title: 'Te laat' }));
    expect(refused.status).toBe(403);
    const row = await ctx.server.db.selectFrom('meetings').select('title').where('id', '=', closed).executeTakeFirst();
    expect(row?.title).toBe('Netwerkdag');
  });

  it('names the host organisation of a meeting', async () => {
    const organisation = await ctx.server.db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const created = await ctx.cast.api.secretariaat.post(
      '/api/networks/ngs/meetings',
      meetingBody({ hostOrganisationId: organisation.id }),
    );
    expect(created.status).toBe(201);
    expect(created.body.meeting.host).toEqual({ id: organisation.id, name: organisation.name });
    const read = await ctx.cast.api.secretariaat.get(`/api/meetings/${created.body.meeting.id}`);
    expect(read.body.meeting.host).toEqual({ id: organisation.id, name: organisation.name });
    expect(read.body.network).toEqual({ slug: 'ngs', name: expect.any(String) });
  });
});

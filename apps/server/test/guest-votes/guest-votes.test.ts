import { todayInNetherlands } from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv, Deps } from '../../src/env.ts';
import { guestVoteRoutes } from '../../src/routes/guest-votes.ts';
import { arrangeCast, meetingIn, members, statementIn } from '../meetings/fixtures.ts';
import { openEventStream } from '../support/events.ts';
import { useCastServer } from '../support/use-server.ts';

const ctx = useCastServer(arrangeCast, { perTest: true });

function dayFromToday(days: number): string {
  const date = new Date(`${todayInNetherlands(new Date())}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A browser without an account: it keeps the guest cookie the server sets, and sends our Origin. */
class GuestBrowser {
  cookie: string | null = null;
  constructor(private readonly baseUrl: string) {}

  async request(method: string, path: string, json?: unknown) {
    const headers: Record<string, string> = { origin: this.baseUrl };
    if (this.cookie) headers.cookie = this.cookie;
    if (json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    for (const line of response.headers.getSetCookie()) this.cookie = line.split(';')[0] ?? null;
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
}

/** A live netwerkdag on `date` with one open stelling, and its day code turned on by the secretariaat. */
async function arrangeDay(date = dayFromToday(0)) {
  const meetingId = await meetingIn(ctx.server, ctx.cast, 'live', { dates: [date] });
  const statement = await statementIn(ctx.server, meetingId, { open: true });
  const turnedOn = await ctx.cast.api.secretariaat.post(`/api/meetings/${meetingId}/day-code`, { enabled: true });
  expect(turnedOn.status).toBe(200);
  const code: string = turnedOn.body.dayCode.code;
  return { meetingId, statement, code };
}

async function register(guest: GuestBrowser, code: string) {
  return guest.request('POST', `/api/guest/${code}/voter`, {
    name: 'Ada Spreker',
    organisation: 'Universiteit Utrecht',
  });
}

describe('voting without an account, through the day code', () => {
  it('lets a guest give a name once and vote once on an open stelling, counted apart from members', async () => {
    const { meetingId, statement, code } = await arrangeDay();
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    const stream = await openEventStream(ctx.server.httpUrl, 'ngs', members.deelnemer.token);
    const guest = new GuestBrowser(ctx.server.httpUrl);

    const seen = await guest.request('GET', `/api/guest/${code.toLowerCase()}`);
    expect(seen.body).toMatchObject({ today: true, voter: null, statements: [{ id: statement.id, myPosition: null }] });
    expect((await register(guest, code)).status).toBe(201);
    expect(guest.cookie).toMatch(/^kb_guest=/);

    const vote = await guest.request('PUT', `/api/guest/${code}/statements/${statement.id}/vote`, {
      position: 'agree',
    });
    expect(vote).toEqual({
      status: 200,
      body: { myPosition: 'agree', guestTally: { agree: 1, neutral: 0, disagree: 0 } },
    });
    await ctx.cast.api.deelnemer.put(`/api/statements/${statement.id}/vote`, { position: 'disagree' });

    const list = await ctx.cast.api.gast.get(`/api/meetings/${meetingId}/statements`);
    expect(list.body.statements[0]).toMatchObject({
      tally: { agree: 0, neutral: 0, disagree: 1 },
      guestTally: { agree: 1, neutral: 0, disagree: 0 },
      votingState: 'open',
    });
    // The guest's vote reaches members watching at once, its own tally beside theirs.
    await waitFor(() => stream.events.some((e) => e.event === 'statement.tally'), 'the tally event');
    expect(stream.events.find((e) => e.event === 'statement.tally')?.data).toMatchObject({
      statementId: statement.id,
      tally: { agree: 0, neutral: 0, disagree: 0 },
      guestTally: { agree: 1, neutral: 0, disagree: 0 },
    });
    stream.close();

    // A second vote from the same device is refused; the guest sees their position when they come back.
    const again = await guest.request('PUT', `/api/guest/${code}/statements/${statement.id}/vote`, {
      position: 'neutral',
    });
    expect(again).toEqual({ status: 409, body: { error: 'guest.alreadyVoted' } });
    const back = await guest.request('GET', `/api/guest/${code}`);
    expect(back.body).toMatchObject({ voter: { name: 'Ada Spreker' }, statements: [{ myPosition: 'agree' }] });
    const rows = await ctx.server.db.selectFrom('guest_votes').selectAll().execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a guest once the secretariaat turns the code off, and an old code once it is renewed', async () => {
    const { meetingId, statement, code } = await arrangeDay();
    const guest = new GuestBrowser(ctx.server.httpUrl);
    await register(guest, code);
    await ctx.cast.api.secretariaat.post(`/api/meetings/${meetingId}/day-code`, { enabled: false });
    const off = await guest.request('PUT', `/api/guest/${code}/statements/${statement.id}/vote`, { position: 'agree' });
    expect(off).toEqual({ status: 404, body: { error: 'dayCode.notFound' } });

    const renewed = await ctx.cast.api.secretariaat.post(`/api/meetings/${meetingId}/day-code`, {
      enabled: true,
      renew: true,
    });
    expect(renewed.body.dayCode.code).not.toBe(code);
    expect((await guest.request('GET', `/api/guest/${code}`)).status).toBe(404);
    expect((await guest.request('GET', `/api/guest/${renewed.body.dayCode.code}`)).status).toBe(200);
    expect(await ctx.server.db.selectFrom('guest_votes').selectAll().execute()).toEqual([]);
  });

  it('refuses a vote on a closed stelling, and on a stelling of another meeting', async () => {
    const { meetingId, code } = await arrangeDay();
    const closed = await statementIn(ctx.server, meetingId, { text: 'Dicht' });
    const elsewhere = await statementIn(ctx.server, await meetingIn(ctx.server, ctx.cast, 'live'), { open: true });
    const guest = new GuestBrowser(ctx.server.httpUrl);
    await register(guest, code);
    const vote = (id: number) =>
      guest.request('PUT', `/api/guest/${code}/statements/${id}/vote`, { position: 'agree' });
    expect(await vote(closed.id)).toEqual({ status: 403, body: { error: 'forbidden' } });
    expect((await vote(elsewhere.id)).status).toBe(404);
    expect(await ctx.server.db.selectFrom('guest_votes').selectAll().execute()).toEqual([]);
  });

  it('refuses a guest on a day that is not the meeting’s, by the clock the routes are given', async () => {
    const { statement, code } = await arrangeDay(dayFromToday(0));
    const { db, live, config, bus } = ctx.server;
    const deps = { db, live, config, bus } as unknown as Deps;
    const tomorrow = () => new Date(Date.now() + 24 * 60 * 60 * 1000);
    const app = new Hono<AppEnv>().route('/api/guest', guestVoteRoutes(deps, tomorrow));
    const post = (path: string, body: unknown, cookie = '') =>
      app.request(path, {
        method: path.endsWith('vote') ? 'PUT' : 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', cookie },
      });

    expect((await post(`/api/guest/${code}/voter`, { name: 'Ada', organisation: 'UU' })).status).toBe(403);
    // Registered today, then voting on a day that is not the meeting's.
    const guest = new GuestBrowser(ctx.server.httpUrl);
    await register(guest, code);
    const vote = await post(`/api/guest/${code}/statements/${statement.id}/vote`, { position: 'agree' }, guest.cookie!);
    expect(vote.status).toBe(403);
    const seen = await app.request(`/api/guest/${code}`);
    expect(await seen.json()).toMatchObject({ today: false, statements: [] });
    expect(await ctx.server.db.selectFrom('guest_votes').selectAll().execute()).toEqual([]);
  });

  it('refuses a wrong code with 404, and an address guessing codes with 429', async () => {
    await arrangeDay();
    const guest = new GuestBrowser(ctx.server.httpUrl);
    expect(await guest.request('GET', '/api/guest/ABCDEFGH')).toEqual({
      status: 404,
      body: { error: 'dayCode.notFound' },
    });
    expect((await guest.request('GET', '/api/guest/not-a-code')).status).toBe(404);
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) last = (await guest.request('GET', '/api/guest/ZZZZZZZZ')).status;
    expect(last).toBe(429);
  });

  it('asks a name and organisation within their limits, and lets only the secretariaat see or change the code', async () => {
    const { meetingId, code } = await arrangeDay();
    const guest = new GuestBrowser(ctx.server.httpUrl);
    const long = await guest.request('POST', `/api/guest/${code}/voter`, { name: 'x'.repeat(101), organisation: '' });
    expect(long.status).toBe(400);
    expect(long.body.fields).toEqual({ name: 'name.tooLong', organisation: 'organisation.required' });
    expect(await ctx.server.db.selectFrom('guest_voters').selectAll().execute()).toEqual([]);
    expect((await ctx.cast.api.deelnemer.get(`/api/meetings/${meetingId}/day-code`)).status).toBe(403);
    expect((await ctx.cast.api.deelnemer.post(`/api/meetings/${meetingId}/day-code`, { enabled: true })).status).toBe(
      403,
    );
    expect((await ctx.cast.outsider.get(`/api/meetings/${meetingId}/day-code`)).status).toBe(404);
    expect((await ctx.cast.api.secretariaat.get(`/api/meetings/${meetingId}/day-code`)).body.dayCode).toEqual({
      code,
      enabled: true,
      path: `/s/${code}`,
    });
  });

  it('sends a signed-in member to the netwerkdag’s page instead of letting them vote twice as a guest', async () => {
    const { meetingId, code } = await arrangeDay();
    const seen = await ctx.cast.api.gast.get(`/api/guest/${code}`);
    expect(seen.body.memberPath).toBe(`/networks/ngs/meetings/${meetingId}`);
    const registered = await ctx.cast.api.deelnemer.post(`/api/guest/${code}/voter`, {
      name: 'Lid',
      organisation: 'Gemeente',
    });
    expect(registered).toMatchObject({ status: 409, body: { error: 'guest.isMember' } });
    expect((await ctx.cast.outsider.get(`/api/guest/${code}`)).body.memberPath).toBeNull();
  });

  it('holds at most 500 guests per netwerkdag', async () => {
    const { meetingId, code } = await arrangeDay();
    const rows = Array.from({ length: 500 }, (_, i) => ({
      meeting_id: meetingId,
      device_hash: `device-${i}`,
      name: 'Gast',
      organisation: 'Elders',
      created_at: 0,
    }));
    await ctx.server.db.insertInto('guest_voters').values(rows).execute();
    const full = await register(new GuestBrowser(ctx.server.httpUrl), code);
    expect(full).toEqual({ status: 409, body: { error: 'guest.full' } });
  });
});

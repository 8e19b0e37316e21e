import { beforeAll, describe, expect, it } from 'vitest';
import { useCastServer } from '../support/use-server.ts';
import { arrangeCast, type Cast, meetingIn } from './fixtures.ts';

const ctx = useCastServer(arrangeCast);

beforeAll(async () => {
  // Created out of order, so that the order of the overview comes from the dates.
  await meetingIn(ctx.server, ctx.cast, 'closed', { title: 'Utrecht 2024', dates: ['2024-03-14'] });
  await meetingIn(ctx.server, ctx.cast, 'published', { title: 'Tilburg 2025', dates: ['2025-10-09', '2025-10-10'] });
  await meetingIn(ctx.server, ctx.cast, 'closed', { title: 'Eindhoven 2023', dates: ['2023-11-02'] });
  await meetingIn(ctx.server, ctx.cast, 'preparation', { title: 'Almere 2026', dates: ['2026-04-16'] });
  await meetingIn(ctx.server, ctx.cast, 'reporting', { title: 'Zwolle 2025', dates: ['2025-03-20'] });
  await meetingIn(ctx.server, ctx.cast, 'preparation', { title: 'Breda 2025', dates: ['2025-12-04'] });
  await meetingIn(ctx.server, ctx.cast, 'closed', { title: 'Arnhem 2024', dates: ['2024-10-03'] });
});

async function overviewOf(api: Cast['api'][keyof Cast['api']]) {
  const response = await api.get('/api/networks/ngs/meetings');
  expect(response.status).toBe(200);
  return (response.body.years as { year: number; meetings: { title: string }[] }[]).map((group) => ({
    year: group.year,
    titles: group.meetings.map((m) => m.title),
  }));
}

describe('the overview of a network’s meetings', () => {
  it('groups meetings by the year of their first day, newest first, for the people who prepare them', async () => {
    const expected = [
      { year: 2026, titles: ['Almere 2026'] },
      { year: 2025, titles: ['Breda 2025', 'Tilburg 2025', 'Zwolle 2025'] },
      { year: 2024, titles: ['Arnhem 2024', 'Utrecht 2024'] },
      { year: 2023, titles: ['Eindhoven 2023'] },
    ];
    expect(await overviewOf(ctx.cast.api.secretariaat)).toEqual(expected);
    expect(await overviewOf(ctx.cast.api.klankbordgroep)).toEqual(expected);
  });

  it('hides meetings in preparation from a deelnemer and a gast, and a year that only has those', async () => {
    const expected = [
      { year: 2025, titles: ['Tilburg 2025', 'Zwolle 2025'] },
      { year: 2024, titles: ['Arnhem 2024', 'Utrecht 2024'] },
      { year: 2023, titles: ['Eindhoven 2023'] },
    ];
    expect(await overviewOf(ctx.cast.api.deelnemer)).toEqual(expected);
    expect(await overviewOf(ctx.cast.api.gast)).toEqual(expected);
  });

  it('shows each meeting with its dates, format, status and year', async () => {
    const response = await ctx.cast.api.deelnemer.get('/api/networks/ngs/meetings');
    const tilburg = response.body.years[0].meetings[0];
    expect(tilburg).toMatchObject({
      title: 'Tilburg 2025',
      dates: ['2025-10-09', '2025-10-10'],
      year: 2025,
      format: 'in-person',
      host: null,
      status: 'published',
    });
    expect(tilburg.id).toEqual(expect.any(Number));
  });

  it('hides the network’s meetings from someone outside it (404) and the anonymous (401)', async () => {
    expect((await ctx.cast.outsider.get('/api/networks/ngs/meetings')).status).toBe(404);
    expect((await ctx.cast.anonymous.get('/api/networks/ngs/meetings')).status).toBe(401);
    expect((await ctx.cast.outsider.get('/api/networks/elders/meetings')).body).toEqual({ years: [] });
  });
});

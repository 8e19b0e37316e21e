import { describe, expect, it } from 'vitest';
import { type ApiClient, countRows } from '../api/support.ts';
import { useCastServer } from '../support/use-server.ts';
import { arrangeCast, extraMember, meetingIn, themeIn } from './fixtures.ts';

const ctx = useCastServer(arrangeCast);

/** Support counts by theme title, and the theme the caller supports, as the caller sees them. */
async function supportOf(api: ApiClient, meetingId: number) {
  const response = await api.get(`/api/meetings/${meetingId}/themes`);
  expect(response.status).toBe(200);
  const themes = response.body.themes as { id: number; title: string; supportCount: number; supportedByMe: boolean }[];
  return {
    counts: Object.fromEntries(themes.map((t) => [t.title, t.supportCount])),
    mine: themes.filter((t) => t.supportedByMe).map((t) => t.title),
    mySupport: response.body.mySupport as number | null,
  };
}

async function supportsIn(meetingId: number) {
  return ctx.server.db.selectFrom('theme_supports').selectAll().where('meeting_id', '=', meetingId).execute();
}

describe('themes of a meeting', () => {
  it('lets the klankbordgroep propose a theme, shown with its proposer and no support yet', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const response = await ctx.cast.api.klankbordgroep.post(`/api/meetings/${meetingId}/themes`, {
      title: 'Jeugd en explosieven',
      why: 'Na de jaarwisseling in veel steden aan de orde',
    });
    expect(response.status).toBe(201);
    expect(response.body.theme).toMatchObject({
      meetingId,
      title: 'Jeugd en explosieven',
      why: 'Na de jaarwisseling in veel steden aan de orde',
      proposer: { id: ctx.cast.userIds.klankbordgroep, name: 'klankbordgroep' },
      chosen: false,
      supportCount: 0,
      supportedByMe: false,
    });
    const list = await ctx.cast.api.secretariaat.get(`/api/meetings/${meetingId}/themes`);
    expect(list.body.themes.map((t: { title: string }) => t.title)).toEqual(['Jeugd en explosieven']);
  });

  it('keeps one support per member per meeting, moving it when the member changes their mind', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const a = await themeIn(ctx.server, ctx.cast, meetingId, 'Ondermijning');
    const b = await themeIn(ctx.server, ctx.cast, meetingId, 'Polarisatie');
    const other = await extraMember(ctx.server, 'klankbordgroep');

    const first = await ctx.cast.api.klankbordgroep.put(`/api/meetings/${meetingId}/support`, { themeId: a.id });
    expect(first.status).toBe(200);
    expect(await supportOf(ctx.cast.api.klankbordgroep, meetingId)).toEqual({
      counts: { Ondermijning: 1, Polarisatie: 0 },
      mine: ['Ondermijning'],
      mySupport: a.id,
    });

    await ctx.cast.api.klankbordgroep.put(`/api/meetings/${meetingId}/support`, { themeId: b.id });
    await other.api.put(`/api/meetings/${meetingId}/support`, { themeId: b.id });
    // Supporting the same theme twice changes nothing.
    await other.api.put(`/api/meetings/${meetingId}/support`, { themeId: b.id });
    expect(await supportOf(ctx.cast.api.klankbordgroep, meetingId)).toEqual({
      counts: { Ondermijning: 0, Polarisatie: 2 },
      mine: ['Polarisatie'],
      mySupport: b.id,
    });
    expect(await supportsIn(meetingId)).toHaveLength(2);

    const withdrawn = await other.api.put(`/api/meetings/${meetingId}/support`, { themeId: null });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.mySupport).toBeNull();
    expect((await supportOf(ctx.cast.api.secretariaat, meetingId)).counts).toEqual({ Ondermijning: 0, Polarisatie: 1 });
    expect(await supportsIn(meetingId)).toHaveLength(1);
  });

  it('lets one member support a theme in each of two meetings', async () => {
    const first = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const second = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const a = await themeIn(ctx.server, ctx.cast, first);
    const b = await themeIn(ctx.server, ctx.cast, second);
    expect((await ctx.cast.api.secretariaat.put(`/api/meetings/${first}/support`, { themeId: a.id })).status).toBe(200);
    expect((await ctx.cast.api.secretariaat.put(`/api/meetings/${second}/support`, { themeId: b.id })).status).toBe(
      200,
    );
    expect((await supportOf(ctx.cast.api.secretariaat, first)).mySupport).toBe(a.id);
    expect((await supportOf(ctx.cast.api.secretariaat, second)).mySupport).toBe(b.id);
  });

  it('refuses support for a theme of another meeting with 400 theme.invalid and keeps the earlier support', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const own = await themeIn(ctx.server, ctx.cast, meetingId);
    const elsewhere = await themeIn(ctx.server, ctx.cast, await meetingIn(ctx.server, ctx.cast, 'preparation'));
    await ctx.cast.api.klankbordgroep.put(`/api/meetings/${meetingId}/support`, { themeId: own.id });
    const response = await ctx.cast.api.klankbordgroep.put(`/api/meetings/${meetingId}/support`, {
      themeId: elsewhere.id,
    });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 400,
      body: { error: 'invalid_input', fields: { themeId: 'theme.invalid' } },
    });
    expect((await supportsIn(meetingId)).map((s) => s.theme_id)).toEqual([own.id]);
  });

  it('lets the secretariat and the klankbordgroep mark the chosen themes, and unmark them', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const a = await themeIn(ctx.server, ctx.cast, meetingId, 'Ondermijning');
    const b = await themeIn(ctx.server, ctx.cast, meetingId, 'Polarisatie');
    expect(
      (await ctx.cast.api.secretariaat.post(`/api/themes/${a.id}/chosen`, { chosen: true })).body.theme.chosen,
    ).toBe(true);
    const second = await ctx.cast.api.klankbordgroep.post(`/api/themes/${b.id}/chosen`, { chosen: true });
    expect(second.status).toBe(200);
    expect(second.body.theme).toMatchObject({ title: 'Polarisatie', chosen: true });
    await ctx.cast.api.klankbordgroep.post(`/api/themes/${a.id}/chosen`, { chosen: false });
    const list = await ctx.cast.api.klankbordgroep.get(`/api/meetings/${meetingId}/themes`);
    expect(list.body.themes.map((t: { title: string; chosen: boolean }) => [t.title, t.chosen])).toEqual([
      ['Ondermijning', false],
      ['Polarisatie', true],
    ]);
  });

  it('lets only the proposer or a secretariaat edit or withdraw a proposal', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const other = await extraMember(ctx.server, 'klankbordgroep');
    const proposed = await ctx.cast.api.klankbordgroep.post(`/api/meetings/${meetingId}/themes`, {
      title: 'Drugs',
      why: '',
    });
    const id = proposed.body.theme.id as number;

    const byOther = await other.api.patch(`/api/themes/${id}`, { title: 'Overgenomen', why: '' });
    expect({ status: byOther.status, body: byOther.body }).toEqual({ status: 403, body: { error: 'forbidden' } });
    expect((await other.api.delete(`/api/themes/${id}`)).status).toBe(403);

    const byProposer = await ctx.cast.api.klankbordgroep.patch(`/api/themes/${id}`, {
      title: 'Drugs en ondermijning',
      why: 'Breder',
    });
    expect(byProposer.status).toBe(200);
    expect(byProposer.body.theme).toMatchObject({ title: 'Drugs en ondermijning', why: 'Breder' });
    const bySecretariaat = await ctx.cast.api.secretariaat.patch(`/api/themes/${id}`, {
      title: 'Drugshandel',
      why: '',
    });
    expect(bySecretariaat.status).toBe(200);

    await other.api.put(`/api/meetings/${meetingId}/support`, { themeId: id });
    expect((await ctx.cast.api.klankbordgroep.delete(`/api/themes/${id}`)).status).toBe(204);
    expect((await ctx.cast.api.secretariaat.get(`/api/meetings/${meetingId}/themes`)).body.themes).toEqual([]);
    // The support it had went with it.
    expect(await supportsIn(meetingId)).toEqual([]);
    expect((await ctx.cast.api.secretariaat.delete(`/api/themes/${id}`)).status).toBe(404);
  });

  it('closes proposals, support, choices and edits once the programme is published, leaving the themes readable', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const theme = await themeIn(ctx.server, ctx.cast, meetingId);
    const moved = await ctx.cast.api.klankbordgroep.post(`/api/meetings/${meetingId}/status`, { status: 'published' });
    expect(moved.status).toBe(200);
    const themes = await countRows(ctx.server, 'themes');
    expect(
      (await ctx.cast.api.klankbordgroep.post(`/api/meetings/${meetingId}/themes`, { title: 'Laat' })).status,
    ).toBe(403);
    expect(
      (await ctx.cast.api.klankbordgroep.put(`/api/meetings/${meetingId}/support`, { themeId: theme.id })).status,
    ).toBe(403);
    expect((await ctx.cast.api.klankbordgroep.post(`/api/themes/${theme.id}/chosen`, { chosen: true })).status).toBe(
      403,
    );
    expect((await ctx.cast.api.klankbordgroep.patch(`/api/themes/${theme.id}`, { title: 'Anders' })).status).toBe(403);
    expect((await ctx.cast.api.secretariaat.delete(`/api/themes/${theme.id}`)).status).toBe(403);
    expect(await countRows(ctx.server, 'themes')).toBe(themes);
    const read = await ctx.cast.api.deelnemer.get(`/api/meetings/${meetingId}/themes`);
    expect(read.status).toBe(200);
    expect(read.body.themes).toHaveLength(1);
  });

  it('hides the themes of a meeting in preparation from a deelnemer (404)', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const theme = await themeIn(ctx.server, ctx.cast, meetingId);
    expect((await ctx.cast.api.deelnemer.get(`/api/meetings/${meetingId}/themes`)).status).toBe(404);
    expect((await ctx.cast.api.deelnemer.patch(`/api/themes/${theme.id}`, { title: 'X' })).status).toBe(404);
  });
});

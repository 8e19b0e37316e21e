import { setMeetingStatus } from '@klankbord/db';
import { describe, expect, it } from 'vitest';
import { arrangeCast, type Cast, extraMember, meetingBody, meetingIn } from '../meetings/fixtures.ts';
import { useCastServer } from '../support/use-server.ts';

const ctx = useCastServer(arrangeCast);

type Result = { kind: string; title: string; path: string; meeting: { title: string; year: number | null } | null };
type Searcher = keyof Cast['api'] | 'outsider';
const search = async (who: Searcher, q: string, params: Record<string, string> = {}) => {
  const api = who === 'outsider' ? ctx.cast.outsider : ctx.cast.api[who];
  const response = await api.get(`/api/search?${new URLSearchParams({ q, ...params })}`);
  expect(response.status, q).toBe(200);
  return response.body.results as Result[];
};
const kinds = async (who: Searcher, q: string, kind: string) =>
  (await search(who, q, { kind })).map((result) => result.title);

async function upload(target: string, name: string): Promise<{ status: number; id: number }> {
  const bytes = new Uint8Array(1000).fill(0x20);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  const form = new FormData();
  form.set('file', new File([bytes], name));
  const response = await fetch(`${ctx.server.httpUrl}/api/attachments?target=${target}`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${ctx.cast.api.secretariaat.token}` },
  });
  const body = (await response.json()) as { attachment?: { id: number } };
  return { status: response.status, id: body.attachment?.id ?? 0 };
}

describe('search over netwerkdagen, themes, people and files', () => {
  it('finds a netwerkdag by title, city, year and venue as it is edited, only for those who may see it', async () => {
    const created = await ctx.cast.api.secretariaat.post(
      '/api/networks/ngs/meetings',
      meetingBody({ venue: 'Spoorzone' }),
    );
    expect(created.status).toBe(201);
    const id = created.body.meeting.id as number;
    expect(await kinds('secretariaat', 'Netwerkdag Tilburg', 'meeting')).toEqual(['Netwerkdag Tilburg']);
    expect(await kinds('secretariaat', 'spoorzone 2025', 'meeting')).toEqual(['Netwerkdag Tilburg']);
    // In preparation only the preparers see it; never another network.
    for (const who of ['deelnemer', 'gast', 'outsider'] as const) {
      expect(await kinds(who, 'spoorzone', 'meeting'), who).toEqual([]);
    }
    await setMeetingStatus(ctx.server.db, id, 'preparation', 'published');
    expect(await kinds('gast', 'spoorzone', 'meeting')).toEqual(['Netwerkdag Tilburg']);
    expect(await kinds('outsider', 'spoorzone', 'meeting')).toEqual([]);

    const edited = await ctx.cast.api.secretariaat.patch(
      `/api/meetings/${id}`,
      meetingBody({ title: 'Netwerkdag Breda', dates: ['2026-04-02'], venue: 'Chassé Theater' }),
    );
    expect(edited.status).toBe(200);
    expect(await kinds('gast', 'spoorzone', 'meeting')).toEqual([]);
    const [hit] = await search('gast', 'chasse', { kind: 'meeting' });
    expect(hit).toMatchObject({ title: 'Netwerkdag Breda', meeting: { title: 'Netwerkdag Breda', year: 2026 } });
    expect((await search('gast', 'chasse', { kind: 'meeting', year: '2025' })).length).toBe(0);
  });

  it('follows a theme as it is proposed, changed and withdrawn, hidden while the netwerkdag is prepared', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const proposed = await ctx.cast.api.klankbordgroep.post(`/api/meetings/${meetingId}/themes`, {
      title: 'Cybercriminaliteit en ondermijning',
      why: 'Phishing bij ondernemers',
    });
    expect(proposed.status).toBe(201);
    const themeId = proposed.body.theme.id as number;
    expect(await kinds('klankbordgroep', 'cybercriminaliteit', 'theme')).toEqual([
      'Cybercriminaliteit en ondermijning',
    ]);
    expect(await kinds('deelnemer', 'cybercriminaliteit', 'theme')).toEqual([]);
    expect(await kinds('outsider', 'cybercriminaliteit', 'theme')).toEqual([]);
    await ctx.cast.api.klankbordgroep.patch(`/api/themes/${themeId}`, { title: 'Digitale weerbaarheid', why: '' });
    expect(await kinds('klankbordgroep', 'cybercriminaliteit', 'theme')).toEqual([]);
    expect(await kinds('klankbordgroep', 'digitale weerbaarheid', 'theme')).toEqual(['Digitale weerbaarheid']);
    expect((await ctx.cast.api.klankbordgroep.delete(`/api/themes/${themeId}`)).status).toBe(204);
    expect(await kinds('klankbordgroep', 'weerbaarheid', 'theme')).toEqual([]);
  });

  it('finds members by name for those who may see the member list, and forgets one who is removed', async () => {
    const { api, userId } = await extraMember(ctx.server, 'deelnemer');
    expect((await api.patch('/api/account', { name: 'Ingrid Zwanenburg', organisationId: null })).status).toBe(200);
    for (const who of ['secretariaat', 'deelnemer', 'gast'] as const) {
      expect(await kinds(who, 'zwanenburg', 'person'), who).toEqual(['Ingrid Zwanenburg']);
    }
    expect(await kinds('outsider', 'zwanenburg', 'person')).toEqual([]);
    const removed = await ctx.cast.api.secretariaat.delete(`/api/networks/ngs/members/${userId}`);
    expect(removed.status).toBe(204);
    expect(await kinds('secretariaat', 'zwanenburg', 'person')).toEqual([]);
  });

  it('finds files by name under what they are attached to, and forgets a deleted one', async () => {
    const preparing = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const file = await upload(`meeting:${preparing}`, 'Evaluatie-jaarwisseling-2025.pdf');
    expect(file.status).toBe(201);
    const [hit] = await search('secretariaat', 'jaarwisseling evaluatie', { kind: 'file' });
    expect(hit).toMatchObject({
      title: 'Evaluatie-jaarwisseling-2025.pdf',
      path: `/networks/ngs/meetings/${preparing}`,
    });
    // A file of a netwerkdag in preparation is for its preparers, as the netwerkdag is.
    expect(await kinds('deelnemer', 'jaarwisseling', 'file')).toEqual([]);
    expect(await kinds('outsider', 'jaarwisseling', 'file')).toEqual([]);
    await setMeetingStatus(ctx.server.db, preparing, 'preparation', 'published');
    expect(await kinds('gast', 'jaarwisseling', 'file')).toEqual(['Evaluatie-jaarwisseling-2025.pdf']);
    expect((await ctx.cast.api.secretariaat.delete(`/api/attachments/${file.id}`)).status).toBe(204);
    expect(await kinds('secretariaat', 'jaarwisseling', 'file')).toEqual([]);
  });

  it('refuses a filter it does not know, and a year or netwerkdag that is no number, changing nothing', async () => {
    for (const params of [
      { kind: 'users' },
      { kind: 'meeting,passwords' },
      { kind: 'x'.repeat(201) },
      { year: 'twintig' },
      { year: '99999' },
      { meeting: '-1' },
      { meeting: '1e400' },
    ]) {
      const response = await ctx.cast.api.deelnemer.get(
        `/api/search?${new URLSearchParams({ q: 'carbid', ...params })}`,
      );
      expect(response.status, JSON.stringify(params)).toBe(400);
      expect(response.body.error).toBe('invalid_input');
    }
  });
});

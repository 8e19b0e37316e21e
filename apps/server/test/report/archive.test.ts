import { createMeeting, createOrganisation, createTheme, setThemeChosen } from '@klankbord/db';
import { reportDocumentName } from '@klankbord/domain';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/support.ts';
import { moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import { roundTrip } from '../support/clients.ts';
import { writeParagraph } from './support.ts';

const ctx = useMembersServer();
const { pool, api } = ctx;

interface ArchiveYear {
  year: number;
  meetings: {
    id: number;
    title: string;
    date: string;
    hostCity: string | null;
    themes: string[];
    status: string;
    report: string;
  }[];
}

async function meeting(networkId: number, title: string, dates: string[], hostOrganisationId: number | null = null) {
  const created = await createMeeting(
    ctx.server.db,
    networkId,
    { title, dates, format: 'in-person', hostOrganisationId, venue: '' },
    ctx.ngs.userId,
  );
  return created.id;
}

const archive = async (role: keyof typeof tokens, slug = 'ngs') => {
  const response = await api(role).get(`/api/networks/${slug}/archive`);
  return { status: response.status, years: response.body.years as ArchiveYear[] };
};
const titles = (years: ArchiveYear[]) => years.flatMap((year) => year.meetings.map((m) => m.title));

describe('the archive', () => {
  it('groups the meetings a member may see by year, newest first, with host, themes and report state', async () => {
    const host = await createOrganisation(ctx.server.db, {
      name: 'Gemeente Archiefstad',
      shortName: null,
      kind: 'gemeente',
    });
    if (!host) throw new Error('organisation exists already');
    const spring = await meeting(ctx.ngs.networkId, 'Archief voorjaar 2024', ['2024-03-14'], host.id);
    const autumn = await meeting(ctx.ngs.networkId, 'Archief najaar 2024', ['2024-10-03', '2024-10-04']);
    const future = await meeting(ctx.ngs.networkId, 'Archief 2027 in voorbereiding', ['2027-02-01']);
    const closed = await meeting(ctx.ngs.networkId, 'Archief 2025 gepubliceerd', ['2025-06-01']);
    const elders = await meeting(ctx.ngs.eldersId, 'Archief van een ander netwerk', ['2024-05-05']);

    const chosen = await createTheme(ctx.server.db, spring, { title: 'Energietransitie', why: '' }, ctx.ngs.userId);
    await setThemeChosen(ctx.server.db, chosen.id, true);
    await createTheme(ctx.server.db, spring, { title: 'Niet gekozen', why: '' }, ctx.ngs.userId);

    await moveMeeting(ctx.server.db, spring, 'reporting');
    await moveMeeting(ctx.server.db, autumn, 'live');
    await moveMeeting(ctx.server.db, closed, 'reporting');
    await moveMeeting(ctx.server.db, elders, 'closed');
    // The spring report is written (a draft); the 2025 one is finalised and published, then the meeting closed.
    const editor = await pool.connect(reportDocumentName('ngs', spring), tokens.secretariaat);
    writeParagraph(editor.doc, 'Concept');
    expect(await roundTrip(editor)).toBe('answered');
    const closedEditor = await pool.connect(reportDocumentName('ngs', closed), tokens.secretariaat);
    writeParagraph(closedEditor.doc, 'Definitief verslag');
    expect(await roundTrip(closedEditor)).toBe('answered');
    expect((await api('secretariaat').post(`/api/meetings/${closed}/report/finalise`, {})).status).toBe(200);
    expect((await api('secretariaat').post(`/api/meetings/${closed}/report/publish`)).status).toBe(200);
    await moveMeeting(ctx.server.db, closed, 'closed');

    const { status, years } = await archive('secretariaat');
    expect(status).toBe(200);
    const mine = years
      .map((year) => ({ ...year, meetings: year.meetings.filter((m) => m.title.startsWith('Archief')) }))
      .filter((year) => year.meetings.length > 0);
    expect(mine.map((year) => year.year)).toEqual([2027, 2025, 2024]);
    expect(years.map((year) => year.year)).toEqual([...years.map((year) => year.year)].sort((a, b) => b - a));
    expect(mine[2]?.meetings.map((m) => m.title)).toEqual(['Archief najaar 2024', 'Archief voorjaar 2024']);
    expect(mine[2]?.meetings[1]).toEqual({
      id: spring,
      title: 'Archief voorjaar 2024',
      date: '2024-03-14',
      hostCity: 'Gemeente Archiefstad',
      themes: ['Energietransitie'],
      status: 'reporting',
      report: 'draft',
    });
    expect(mine[2]?.meetings[0]).toEqual(
      expect.objectContaining({ id: autumn, date: '2024-10-03', hostCity: null, themes: [], report: 'none' }),
    );
    expect(mine[1]?.meetings[0]).toEqual(
      expect.objectContaining({ id: closed, status: 'closed', report: 'published' }),
    );
    expect(mine[0]?.meetings[0]).toEqual(expect.objectContaining({ id: future, status: 'preparation' }));
    expect(titles(years)).not.toContain('Archief van een ander netwerk');

    // A report finalised but not published is 'final'.
    await api('secretariaat').post(`/api/meetings/${closed}/report/unpublish`);
    const after = await archive('klankbordgroep');
    expect(after.years.flatMap((y) => y.meetings).find((m) => m.id === closed)?.report).toBe('final');
  });

  it('hides meetings in preparation from deelnemers and gasten, not from the klankbordgroep', async () => {
    await meeting(ctx.ngs.networkId, 'Verborgen voorbereiding', ['2026-11-11']);
    expect(titles((await archive('klankbordgroep')).years)).toContain('Verborgen voorbereiding');
    expect(titles((await archive('deelnemer')).years)).not.toContain('Verborgen voorbereiding');
    expect(titles((await archive('gast')).years)).not.toContain('Verborgen voorbereiding');
  });

  it('keeps networks apart: outsiders get 404 and another network lists only its own meetings', async () => {
    await meeting(ctx.ngs.eldersId, 'Alleen bij elders', ['2024-01-01']);
    const ours = await archive('secretariaat');
    expect(titles(ours.years)).not.toContain('Alleen bij elders');
    const theirs = await archive('elders', 'elders');
    expect(theirs.status).toBe(200);
    expect(titles(theirs.years)).toContain('Alleen bij elders');
    expect(
      titles(theirs.years).some((title) => title.startsWith('Verborgen') || title.startsWith('Archief voorjaar')),
    ).toBe(false);
    expect((await api('elders').get('/api/networks/ngs/archive')).status).toBe(404);
    expect((await new ApiClient(ctx.server.httpUrl).get('/api/networks/ngs/archive')).status).toBe(401);
  });
});

import { ensureOrganisation, findUserByEmail, listAuditEvents, setNetworkOrganisations } from '@klankbord/db';
import {
  type Anchor,
  encodeAnchorPosition,
  reportDocumentName,
  reportFragment,
  todayInNetherlands,
} from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import { roundTrip } from '../support/clients.ts';
import { openEventStream } from '../support/events.ts';
import { writeParagraph } from './support.ts';

type Who = keyof typeof tokens;
const roles = ['secretariaat', 'klankbordgroep', 'deelnemer', 'gast'] as const;

const ctx = useMembersServer();
const { pool, api } = ctx;
const users: Partial<Record<Who, number>> = {};
let ngsOrganisation: number;
let eldersOrganisation: number;

beforeAll(async () => {
  for (const [who, email] of Object.entries({
    secretariaat: 'programma-sec@example.nl',
    klankbordgroep: 'programma-kbg@example.nl',
    deelnemer: 'deelnemer@example.nl',
    gast: 'gast@example.nl',
    elders: 'programma-elders@example.nl',
  })) {
    const user = await findUserByEmail(ctx.server.db, email);
    if (user) users[who as Who] = user.id;
  }
  const organisation = async (name: string) =>
    (await ensureOrganisation(ctx.server.db, { name, shortName: name, kind: 'gemeente' })).id;
  ngsOrganisation = await organisation('Gemeente Utrecht');
  eldersOrganisation = await organisation('Gemeente Elders');
  await setNetworkOrganisations(ctx.server.db, ctx.ngs.networkId, [ngsOrganisation]);
  await setNetworkOrganisations(ctx.server.db, ctx.ngs.eldersId, [eldersOrganisation]);
});

/** An anchor on the first `length` characters of the report's first paragraph, as the editor would make it. */
function anchorOn(doc: Y.Doc, length = 6): Anchor {
  const paragraph = reportFragment(doc).get(0) as Y.XmlElement;
  const text = paragraph.get(0) as Y.XmlText;
  return {
    start: encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, 0)),
    end: encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, length)),
  };
}

/** A meeting in a status with a paragraph in its report, written by the secretariaat's stock client. */
async function meetingWithReport(status: 'live' | 'reporting' = 'reporting', networkId = ctx.ngs.networkId) {
  const elders = networkId === ctx.ngs.eldersId;
  const meetingId = await arrangeMeeting(ctx.server.db, networkId, elders ? (users.elders as number) : ctx.ngs.userId);
  await moveMeeting(ctx.server.db, meetingId, status);
  const writer = await pool.connect(
    reportDocumentName(elders ? 'elders' : 'ngs', meetingId),
    elders ? tokens.elders : tokens.secretariaat,
  );
  writeParagraph(writer.doc, 'De gemeente stuurt het advies voor 1 april rond.');
  expect(await roundTrip(writer)).toBe('answered');
  const anchor = anchorOn(writer.doc);
  const input = { anchor, quote: 'De gem', description: 'Advies rondsturen' };
  return { meetingId, anchor, input, writer };
}

const create = (who: Who, meetingId: number, body: Record<string, unknown>) =>
  api(who).post(`/api/meetings/${meetingId}/afspraken`, body);
const networkList = async (who: Who, status = 'all', slug = 'ngs') =>
  (await api(who).get(`/api/networks/${slug}/afspraken?status=${status}`)).body.afspraken as {
    id: number;
    [field: string]: unknown;
  }[];

describe('who may do what with afspraken', () => {
  it('follows the matrix for making, listing and changing afspraken while live and while reporting', async () => {
    const expected = {
      live: { create: ['secretariaat'], meetingList: ['secretariaat', 'klankbordgroep'] },
      reporting: {
        create: ['secretariaat', 'klankbordgroep'],
        meetingList: ['secretariaat', 'klankbordgroep', 'deelnemer'],
      },
    } as const;
    for (const status of ['live', 'reporting'] as const) {
      const { meetingId, input } = await meetingWithReport(status);
      const seen: Record<string, number[]> = { create: [], meetingList: [], networkList: [], update: [] };
      let made: number | undefined;
      for (const who of roles) {
        const response = await create(who, meetingId, input);
        seen.create?.push(response.status);
        if (response.status === 201) made = response.body.afspraak.id;
        seen.meetingList?.push((await api(who).get(`/api/meetings/${meetingId}/afspraken`)).status);
        seen.networkList?.push((await api(who).get('/api/networks/ngs/afspraken')).status);
      }
      for (const who of roles) {
        seen.update?.push((await api(who).patch(`/api/afspraken/${made}`, { dueDate: '2027-01-15' })).status);
      }
      const allowed = (list: readonly string[]) => roles.map((who) => (list.includes(who) ? 200 : 403));
      expect(seen.create, status).toEqual(allowed(expected[status].create).map((code) => (code === 200 ? 201 : 403)));
      expect(seen.meetingList, status).toEqual(allowed(expected[status].meetingList));
      expect(seen.networkList, status).toEqual([200, 200, 200, 200]);
      expect(seen.update, status).toEqual(allowed(['secretariaat', 'klankbordgroep']));
    }
  });

  it('lets the member an afspraak is for mark it done or open, and change nothing else', async () => {
    const { meetingId, input } = await meetingWithReport();
    const made = await create('secretariaat', meetingId, { ...input, ownerUserId: users.deelnemer });
    const path = `/api/afspraken/${made.body.afspraak.id}`;
    expect((await api('deelnemer').patch(path, { dueDate: '2027-02-01' })).status).toBe(403);
    expect((await api('deelnemer').patch(path, { status: 'done', description: 'Anders' })).status).toBe(403);
    expect((await api('gast').patch(path, { status: 'done' })).status).toBe(403);
    const done = await api('deelnemer').patch(path, { status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body.afspraak).toEqual(expect.objectContaining({ status: 'done', description: 'Advies rondsturen' }));
    expect(done.body.afspraak.doneBy).toBe(users.deelnemer);
    expect((await api('deelnemer').patch(path, { status: 'open' })).body.afspraak.status).toBe('open');
  });

  it('hides afspraken of a meeting from whoever may not see that meeting', async () => {
    const { meetingId, input } = await meetingWithReport();
    const made = await create('secretariaat', meetingId, input);
    await moveMeeting(ctx.server.db, meetingId, 'preparation');
    try {
      const ids = (who: Who) => networkList(who).then((list) => list.map((a) => a.id));
      expect(await ids('secretariaat')).toContain(made.body.afspraak.id);
      expect(await ids('deelnemer')).not.toContain(made.body.afspraak.id);
      expect((await api('deelnemer').patch(`/api/afspraken/${made.body.afspraak.id}`, { status: 'done' })).status).toBe(
        404,
      );
    } finally {
      await moveMeeting(ctx.server.db, meetingId, 'reporting');
    }
  });

  it('shows the words of an afspraak only to who may read its verslag, and its anchor to nobody outside it', async () => {
    const { meetingId, input } = await meetingWithReport();
    const made = await create('secretariaat', meetingId, input);
    expect(made.body.afspraak.anchor).toEqual(input.anchor);
    const shown = async (who: Who) => (await networkList(who)).find((a) => a.id === made.body.afspraak.id);
    // While reporting a deelnemer reads the draft verslag, and so its words; a gast reads no draft at all.
    expect(await shown('deelnemer')).toEqual(
      expect.objectContaining({ description: 'Advies rondsturen', quote: 'De gem' }),
    );
    expect(await shown('deelnemer')).not.toHaveProperty('anchor');
    expect(await shown('gast')).toEqual(expect.objectContaining({ description: 'Advies rondsturen', quote: null }));
    // Once the final version is published, the gast reads it, and the quote with it.
    expect(
      (await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, { name: 'Definitief' })).status,
    ).toBe(200);
    expect((await api('secretariaat').post(`/api/meetings/${meetingId}/report/publish`)).status).toBe(200);
    expect(await shown('gast')).toEqual(expect.objectContaining({ quote: 'De gem' }));
    expect(await shown('gast')).not.toHaveProperty('anchor');

    // Reopened: an afspraak marked on the new draft text keeps its words from the gast, who reads only what was
    // published, until a new final version holds them.
    expect((await api('secretariaat').post(`/api/meetings/${meetingId}/report/reopen`)).status).toBe(200);
    const later = await create('secretariaat', meetingId, { ...input, quote: 'Nieuwe zin na heropenen' });
    expect(later.status).toBe(201);
    const shownLater = async (who: Who) => (await networkList(who)).find((a) => a.id === later.body.afspraak.id);
    expect(await shownLater('gast')).toEqual(expect.objectContaining({ quote: null }));
    expect(await shown('gast')).toEqual(expect.objectContaining({ quote: 'De gem' }));
    expect(await shownLater('deelnemer')).toEqual(expect.objectContaining({ quote: 'Nieuwe zin na heropenen' }));
    expect(
      (await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, { name: 'Tweede' })).status,
    ).toBe(200);
    expect(await shownLater('gast')).toEqual(expect.objectContaining({ quote: 'Nieuwe zin na heropenen' }));
  });

  it('keeps a draft verslag’s words from deelnemers while the day is live', async () => {
    const { meetingId, input } = await meetingWithReport('live');
    const made = await create('secretariaat', meetingId, input);
    const shown = async (who: Who) => (await networkList(who)).find((a) => a.id === made.body.afspraak.id);
    expect(await shown('deelnemer')).toEqual(
      expect.objectContaining({ description: 'Advies rondsturen', quote: null }),
    );
    expect(await shown('klankbordgroep')).toEqual(expect.objectContaining({ quote: 'De gem' }));
  });
});

describe('afspraken stay within their network', () => {
  it('never lists another network’s afspraken and never assigns its members or organisations', async () => {
    const elders = await meetingWithReport('reporting', ctx.ngs.eldersId);
    const theirs = await create('elders', elders.meetingId, elders.input);
    expect(theirs.status).toBe(201);
    const ours = await meetingWithReport();
    for (const owner of [{ ownerUserId: users.elders }, { ownerOrganisationId: eldersOrganisation }]) {
      const response = await create('secretariaat', ours.meetingId, { ...ours.input, ...owner });
      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual({ owner: 'owner.invalid' });
    }
    for (const who of roles) expect((await networkList(who)).map((a) => a.id)).not.toContain(theirs.body.afspraak.id);
    expect((await api('secretariaat').get('/api/networks/elders/afspraken')).status).toBe(404);
    expect((await create('elders', ours.meetingId, ours.input)).status).toBe(404);
    const mine = await create('secretariaat', ours.meetingId, ours.input);
    expect((await api('elders').patch(`/api/afspraken/${mine.body.afspraak.id}`, { status: 'done' })).status).toBe(404);
    const reassign = await api('secretariaat').patch(`/api/afspraken/${mine.body.afspraak.id}`, {
      ownerOrganisationId: eldersOrganisation,
    });
    expect(reassign.body).toEqual({ error: 'invalid_input', fields: { owner: 'owner.invalid' } });
    // An anchor on another meeting's report does not resolve in this one.
    const foreign = await create('secretariaat', ours.meetingId, { ...ours.input, anchor: elders.anchor });
    expect(foreign.body).toEqual({ error: 'invalid_input', fields: { anchor: 'anchor.invalid' } });
  });
});

describe('making an afspraak', () => {
  it('stores it with its owner and due date, audited, and tells who may see the meeting', async () => {
    const { meetingId, input } = await meetingWithReport();
    const stream = await openEventStream(ctx.server.httpUrl, 'ngs', tokens.gast);
    try {
      const made = await create('klankbordgroep', meetingId, {
        ...input,
        description: '  Advies   rondsturen  ',
        ownerOrganisationId: ngsOrganisation,
        dueDate: '2027-04-01',
      });
      expect(made.status).toBe(201);
      expect(made.body.afspraak).toEqual(
        expect.objectContaining({
          description: 'Advies rondsturen',
          owner: { kind: 'organisation', id: ngsOrganisation, name: 'Gemeente Utrecht' },
          dueDate: '2027-04-01',
          status: 'open',
          overdue: false,
          meeting: { id: meetingId, title: 'Netwerkdag Utrecht', date: '2026-03-12' },
        }),
      );
      await waitFor(
        () => stream.events.some((e) => e.event === 'afspraak.changed' && e.data.afspraakId === made.body.afspraak.id),
        'the afspraak to be announced',
      );
      const member = await create('secretariaat', meetingId, { ...input, ownerUserId: users.klankbordgroep });
      expect(member.body.afspraak.owner).toEqual({
        kind: 'member',
        id: users.klankbordgroep,
        name: 'programma-kbg',
      });
      const listed = await api('klankbordgroep').get(`/api/meetings/${meetingId}/afspraken`);
      expect(listed.body.afspraken.map((a: { id: number }) => a.id)).toEqual([
        made.body.afspraak.id,
        member.body.afspraak.id,
      ]);
      const events = await listAuditEvents(ctx.server.db, ctx.ngs.networkId, { limit: 100 });
      expect(events).toContainEqual(
        expect.objectContaining({
          event: 'afspraak.created',
          subject: String(made.body.afspraak.id),
          detail: expect.objectContaining({ ownerOrganisationId: ngsOrganisation, dueDate: '2027-04-01' }),
        }),
      );
    } finally {
      stream.close();
    }
  });

  it('refuses bad input with a clear error and stores nothing', async () => {
    const { meetingId, input } = await meetingWithReport();
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ dueDate: '2026-02-31' }, { dueDate: 'dueDate.invalid' }],
      [{ dueDate: '1-4-2027' }, { dueDate: 'dueDate.invalid' }],
      [{ ownerUserId: users.deelnemer, ownerOrganisationId: ngsOrganisation }, { owner: 'owner.both' }],
      [{ ownerUserId: 999_999 }, { owner: 'owner.invalid' }],
      [{ ownerOrganisationId: 999_999 }, { owner: 'owner.invalid' }],
      [{ ownerUserId: -1 }, { ownerUserId: 'owner.invalid' }],
      [{ description: '   ' }, { description: 'description.required' }],
      [{ description: 'x'.repeat(501) }, { description: 'description.tooLong' }],
      [{ anchor: { start: 'niet-base64!', end: input.anchor.end } }, { 'anchor.start': 'anchor.invalid' }],
      [{ anchor: 'ergens' }, { anchor: 'anchor.invalid' }],
      [{ quote: '' }, { quote: 'quote.required' }],
    ];
    for (const [change, fields] of cases) {
      const response = await create('secretariaat', meetingId, { ...input, ...change });
      expect(response.status, JSON.stringify(change)).toBe(400);
      expect(response.body, JSON.stringify(change)).toEqual({ error: 'invalid_input', fields });
    }
    // Someone who is no member of the network, though the account exists.
    const outsider = await create('secretariaat', meetingId, { ...input, ownerUserId: users.elders });
    expect(outsider.body.fields).toEqual({ owner: 'owner.invalid' });
    expect((await api('secretariaat').get(`/api/meetings/${meetingId}/afspraken`)).body.afspraken).toEqual([]);

    const made = await create('secretariaat', meetingId, input);
    const path = `/api/afspraken/${made.body.afspraak.id}`;
    for (const [change, fields] of cases.slice(0, 8)) {
      const response = await api('secretariaat').patch(path, change);
      expect(response.body, JSON.stringify(change)).toEqual({ error: 'invalid_input', fields });
    }
    expect((await api('secretariaat').patch(path, { status: 'klaar' })).body.fields).toEqual({
      status: 'status.invalid',
    });
    expect((await api('secretariaat').patch('/api/afspraken/999999', { status: 'done' })).status).toBe(404);
    const after = (await api('secretariaat').get(`/api/meetings/${meetingId}/afspraken`)).body.afspraken;
    expect(after).toEqual([expect.objectContaining({ description: 'Advies rondsturen', owner: null, dueDate: null })]);
  });

  it('is refused with 409 once the verslag is finalised', async () => {
    const { meetingId, input } = await meetingWithReport();
    expect((await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, {})).status).toBe(200);
    const response = await create('secretariaat', meetingId, input);
    expect(response.status).toBe(409);
    expect(response.body.error).toBe('report.finalised');
  });
});

describe('following afspraken up', () => {
  it('marks an afspraak done and open again, filtered by status and audited with the changed fields', async () => {
    const { meetingId, input } = await meetingWithReport();
    const made = await create('secretariaat', meetingId, input);
    const id = made.body.afspraak.id;
    const done = await api('klankbordgroep').patch(`/api/afspraken/${id}`, { status: 'done' });
    expect(done.body.afspraak).toEqual(expect.objectContaining({ status: 'done', doneBy: users.klankbordgroep }));
    expect(done.body.afspraak.doneAt).toEqual(expect.any(Number));
    expect((await networkList('gast', 'done')).map((a) => a.id)).toContain(id);
    expect((await networkList('gast', 'open')).map((a) => a.id)).not.toContain(id);
    const reopened = await api('secretariaat').patch(`/api/afspraken/${id}`, {
      status: 'open',
      ownerUserId: users.gast,
    });
    expect(reopened.body.afspraak).toEqual(
      expect.objectContaining({
        status: 'open',
        doneAt: null,
        owner: { kind: 'member', id: users.gast, name: 'gast' },
      }),
    );
    expect((await networkList('gast')).map((a) => a.id)).toContain(id);
    expect((await api('gast').get('/api/networks/ngs/afspraken?status=klaar')).status).toBe(400);
    const events = (await listAuditEvents(ctx.server.db, ctx.ngs.networkId, { limit: 100 })).filter(
      (e) => e.event === 'afspraak.updated' && e.subject === String(id),
    );
    expect(events.map((e) => e.detail)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 'done' }),
        expect.objectContaining({ status: 'open', ownerUserId: users.gast, ownerOrganisationId: null }),
      ]),
    );
  });

  it('marks open afspraken past their due date as overdue, and orders them by due date with undated ones last', async () => {
    const { meetingId, input } = await meetingWithReport();
    const today = todayInNetherlands();
    const shift = (days: number) =>
      new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const make = async (dueDate: string | null) =>
      (await create('secretariaat', meetingId, { ...input, dueDate })).body.afspraak.id as number;
    const undated = await make(null);
    const tomorrow = await make(shift(1));
    const dueToday = await make(today);
    const yesterday = await make(shift(-1));
    const doneLate = await make(shift(-2));
    await api('secretariaat').patch(`/api/afspraken/${doneLate}`, { status: 'done' });
    const mine = new Set([undated, tomorrow, dueToday, yesterday, doneLate]);
    const listed = (await networkList('deelnemer', 'all')).filter((a) => mine.has(a.id));
    expect(listed.map((a) => [a.id, a.overdue])).toEqual([
      [doneLate, false],
      [yesterday, true],
      [dueToday, false],
      [tomorrow, false],
      [undated, false],
    ]);
  });
});

import { CloseCode } from '@klankbord/collab';
import { listProgrammeItems } from '@klankbord/db';
import {
  addItem,
  itemDescription,
  moveItem,
  programmeDocumentName,
  readProgramme,
  setStartTime,
  updateItem,
} from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { revoke } from '../../src/access/revoke.ts';
import { meetingDocumentNames } from '../../src/documents.ts';
import { ApiClient, recordCloses, upgradeStatus } from '../api/support.ts';
import { type Client, roundTrip } from '../support/clients.ts';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from './support.ts';

const ctx = useMembersServer();
const { pool } = ctx;

const titles = (client: Client) => readProgramme(client.doc).items.map((item) => item.title);

/** A new meeting of `ngs` and its programme document's name. */
async function newMeeting(): Promise<{ id: number; name: string }> {
  const id = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
  return { id, name: programmeDocumentName('ngs', id) };
}

/** Adds the opening, a talk and the lunch, and waits until `others` have them too. */
async function writeDay(writer: Client, ...others: Client[]): Promise<Record<'opening' | 'talk' | 'lunch', string>> {
  setStartTime(writer.doc, '09:30');
  const opening = addItem(writer.doc, { kind: 'opening', title: 'Opening', durationMinutes: 15 });
  const talk = addItem(writer.doc, {
    kind: 'talk',
    title: 'Carbidschieten',
    durationMinutes: 45,
    speakers: [{ name: 'Joost', role: 'adviseur', organisation: 'Tilburg' }],
  });
  const lunch = addItem(writer.doc, { kind: 'break', title: 'Lunch', durationMinutes: 60 });
  for (const other of others) await waitFor(() => titles(other).length === 3, 'the programme to reach every client');
  return { opening, talk, lunch };
}

/** Edits from `subject` and shows the edit reaches neither another client nor the projection. */
async function expectProgrammeEditDropped(meeting: { id: number; name: string }, subject: Client): Promise<void> {
  const observer = await pool.connect(meeting.name, tokens.secretariaat);
  const writer = await pool.connect(meeting.name, tokens.secretariaat);
  addItem(subject.doc, { kind: 'talk', title: 'Niet toegestaan', durationMinutes: 5 });
  expect(await roundTrip(subject)).toBe('answered');
  addItem(writer.doc, { kind: 'social', title: 'Borrel', durationMinutes: 60 });
  await waitFor(() => titles(observer).includes('Borrel'), 'the writer’s item to reach the observer');
  await waitFor(
    async () => (await listProgrammeItems(ctx.server.db, meeting.id)).some((item) => item.title === 'Borrel'),
    'the writer’s item to be projected',
  );
  expect(titles(observer)).not.toContain('Niet toegestaan');
  expect((await listProgrammeItems(ctx.server.db, meeting.id)).map((item) => item.title)).not.toContain(
    'Niet toegestaan',
  );
}

describe('the programme, co-edited', () => {
  it('keeps both a reorder and a concurrent edit of the same item from two clients', async () => {
    const meeting = await newMeeting();
    const anna = await pool.connect(meeting.name, tokens.klankbordgroep);
    const bram = await pool.connect(meeting.name, tokens.secretariaat);
    const { opening, lunch } = await writeDay(anna, bram);

    // In the same tick, before either hears of the other: Anna drags the lunch up, Bram renames and shortens it.
    moveItem(anna.doc, lunch, { before: opening });
    updateItem(bram.doc, lunch, { title: 'Lunch en netwerken', durationMinutes: 45 });

    const expected = ['Lunch en netwerken', 'Opening', 'Carbidschieten'];
    await waitFor(
      () => titles(anna).join() === expected.join() && titles(bram).join() === expected.join(),
      'both clients to have the move and the edit',
    );
    expect(readProgramme(anna.doc)).toEqual(readProgramme(bram.doc));
    expect(readProgramme(anna.doc).items[0]).toMatchObject({ start: '09:30', end: '10:15', durationMinutes: 45 });
  });

  it('projects the programme into SQL after edits and serves it at GET /api/meetings/:id/programme', async () => {
    const meeting = await newMeeting();
    const writer = await pool.connect(meeting.name, tokens.secretariaat);
    const { talk, lunch } = await writeDay(writer);
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    itemDescription(writer.doc, talk).insert(0, [paragraph]);
    text.insert(0, 'Over carbid ');
    text.insert(12, 'in Drenthe', { bold: true });
    updateItem(writer.doc, lunch, { fixedStart: '10:15' });

    await waitFor(
      async () =>
        (await listProgrammeItems(ctx.server.db, meeting.id)).at(1)?.descriptionText === 'Over carbid in Drenthe',
      'the programme to be projected',
    );
    const response = await new ApiClient(ctx.server.httpUrl, tokens.klankbordgroep).get(
      `/api/meetings/${meeting.id}/programme`,
    );
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      expect.objectContaining({ title: 'Opening', kind: 'opening', start: '09:30', end: '09:45', position: 0 }),
      expect.objectContaining({
        title: 'Carbidschieten',
        start: '09:45',
        end: '10:30',
        speakers: [{ name: 'Joost', role: 'adviseur', organisation: 'Tilburg' }],
        descriptionText: 'Over carbid in Drenthe',
        overlaps: false,
      }),
      // The talk runs a quarter of an hour into the lunch's fixed start.
      expect.objectContaining({ title: 'Lunch', start: '10:30', end: '11:30', overlaps: true }),
    ]);

    updateItem(writer.doc, talk, { durationMinutes: 30 });
    await waitFor(
      async () => (await listProgrammeItems(ctx.server.db, meeting.id)).at(2)?.overlaps === false,
      'the times to be projected afresh',
    );
    expect((await listProgrammeItems(ctx.server.db, meeting.id)).map((item) => [item.start, item.end])).toEqual([
      ['09:30', '09:45'],
      ['09:45', '10:15'],
      ['10:15', '11:15'],
    ]);
  });

  it('drops programme edits of a gast and a deelnemer', async () => {
    const meeting = await newMeeting();
    // Published: everyone may see the programme, only those who prepare the meeting may change it.
    await moveMeeting(ctx.server.db, meeting.id, 'published');
    for (const role of ['gast', 'deelnemer'] as const) {
      await expectProgrammeEditDropped(meeting, await pool.connect(meeting.name, tokens[role]));
    }
  });

  it('lets the klankbordgroep write while the meeting is prepared, and not once it is live', async () => {
    const meeting = await newMeeting();
    const member = await pool.connect(meeting.name, tokens.klankbordgroep);
    const observer = await pool.connect(meeting.name, tokens.secretariaat);
    addItem(member.doc, { kind: 'opening', title: 'Welkom', durationMinutes: 10 });
    await waitFor(() => titles(observer).includes('Welkom'), 'the klankbordgroep’s item to reach the secretariaat');

    await moveMeeting(ctx.server.db, meeting.id, 'live');
    const closes = recordCloses(member);
    const documents = await meetingDocumentNames(ctx.server.db, 'ngs', meeting.id);
    expect(revoke(ctx.server, { documents }, 'reauthorise', 'meeting status changed').sockets).toBe(2);
    // The stock client takes 4001 as "reconnect", and is then authorised afresh: read-only.
    await waitFor(() => closes.includes(CloseCode.accessChanged), 'the socket to be closed for re-authorisation');
    await waitFor(() => member.provider.wsconnected && member.provider.synced, 'the client to reconnect');
    await expectProgrammeEditDropped(meeting, member);

    const again = await pool.connect(meeting.name, tokens.klankbordgroep);
    await expectProgrammeEditDropped(meeting, again);
  });

  it('refuses a programme of an unknown meeting, of another network’s meeting, or not named by a meeting id', async () => {
    const meeting = await newMeeting();
    const elders = await arrangeMeeting(ctx.server.db, ctx.ngs.eldersId, ctx.ngs.userId);
    const url = (name: string, token: string) => `${ctx.server.collabUrl}/${name}?token=${token}`;
    await moveMeeting(ctx.server.db, elders, 'published');

    expect(await upgradeStatus(url(meeting.name, tokens.secretariaat))).toBe(101);
    // The meeting of `elders` under the name of `ngs`, whose secretariaat is asking: refused.
    expect(await upgradeStatus(url(programmeDocumentName('ngs', elders), tokens.secretariaat))).toBe(401);
    // And the other way round: the ngs meeting under the name of `elders`, asked by its secretariaat.
    expect(await upgradeStatus(url(programmeDocumentName('elders', meeting.id), tokens.elders))).toBe(401);
    expect(await upgradeStatus(url(programmeDocumentName('elders', elders), tokens.elders))).toBe(101);
    expect(await upgradeStatus(url(programmeDocumentName('ngs', 999_999), tokens.secretariaat))).toBe(401);
    expect(await upgradeStatus(url('programme:ngs:2025-voorjaar', tokens.secretariaat))).toBe(401);
    expect(await upgradeStatus(url(`${meeting.name}:extra`, tokens.secretariaat))).toBe(401);
    // Before the programme is published only those who prepare the meeting see it.
    expect(await upgradeStatus(url(meeting.name, tokens.deelnemer))).toBe(401);
    expect(await upgradeStatus(url(meeting.name, tokens.klankbordgroep))).toBe(101);
  });
});

import { listProgrammeItems, listSessions } from '@klankbord/db';
import {
  addItem,
  addSession,
  itemDescription,
  programmeDocumentName,
  reportDocumentName,
  reportFragment,
  richTextToPlain,
  SCAFFOLD_STATEMENTS,
  SCAFFOLD_THEMES,
  sessionNotesDocumentName,
  sessionNotesFragment,
} from '@klankbord/domain';
import { documentFromFragment, toMarkdown } from '@klankbord/editor';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import type { Client } from '../support/clients.ts';
import { roundTrip } from '../support/clients.ts';
import { writeParagraph } from './support.ts';

const ctx = useMembersServer();
const { pool, api } = ctx;

/** Appends paragraphs to rich text as an editor leaves it: '' is an empty paragraph (a stray Enter). */
function writeRichText(fragment: Y.XmlFragment, ...paragraphs: string[]): void {
  for (const words of paragraphs) {
    const paragraph = new Y.XmlElement('paragraph');
    if (words) paragraph.insert(0, [new Y.XmlText(words)]);
    fragment.insert(fragment.length, [paragraph]);
  }
}

/** The report's text as a client has it: one line per block (each table cell a line of its own). */
const reportText = (client: Client) => richTextToPlain(reportFragment(client.doc));

/** Every paragraph of the report, however deep (in table cells too), as its text. */
function paragraphs(node: Y.XmlFragment | Y.XmlElement): string[] {
  return node.toArray().flatMap((child) => {
    if (!(child instanceof Y.XmlElement)) return [];
    return child.nodeName === 'paragraph' ? [child.toArray().join('')] : paragraphs(child);
  });
}

/**
 * A meeting prepared with a chosen theme and a stelling; on the day an opening with a description, a coffee break
 * and dilemmatafels whose first table took notes, and the stelling voted on by three members; now reporting.
 */
async function meetingAfterTheDay() {
  const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
  const secretariaat = api('secretariaat');
  const theme = await api('klankbordgroep').post(`/api/meetings/${meetingId}/themes`, {
    title: 'Jongeren en ondermijning',
    why: 'Criminelen werven steeds jongere koeriers',
  });
  await api('klankbordgroep').post(`/api/meetings/${meetingId}/themes`, { title: 'Vuurwerk', why: '' });
  expect((await secretariaat.post(`/api/themes/${theme.body.theme.id}/chosen`, { chosen: true })).status).toBe(200);
  const statement = await secretariaat.post(`/api/meetings/${meetingId}/statements`, {
    text: 'Een landelijk vuurwerkverbod werkt beter dan een lokaal',
  });
  expect(statement.status).toBe(201);

  const programme = await pool.connect(programmeDocumentName('ngs', meetingId), tokens.secretariaat);
  const opening = addItem(programme.doc, {
    kind: 'opening',
    title: 'Opening',
    durationMinutes: 30,
    speakers: [{ name: 'Sanne de Vries', role: 'voorzitter', organisation: 'CCV' }],
  });
  writeRichText(itemDescription(programme.doc, opening), '', 'Welkom en een ronde langs de steden', '');
  const koffie = addItem(programme.doc, { kind: 'break', title: 'Koffiepauze', durationMinutes: 15 });
  writeRichText(itemDescription(programme.doc, koffie), 'Koffie en thee in de foyer');
  const tafels = addItem(programme.doc, { kind: 'deelsessies', title: 'Dilemmatafels', durationMinutes: 90 });
  const vuurwerk = addSession(programme.doc, tafels, { topic: 'Vuurwerk', facilitator: 'Tilburg', room: 'Zaal 1' });
  addSession(programme.doc, tafels, { topic: 'Drugs', facilitator: 'Breda', room: 'Zaal 2' });
  expect(await roundTrip(programme)).toBe('answered');
  await waitFor(
    async () => (await listSessions(ctx.server.db, meetingId)).length === 2,
    'the programme to be projected',
  );

  await moveMeeting(ctx.server.db, meetingId, 'live');
  const id = statement.body.statement.id;
  expect((await secretariaat.post(`/api/statements/${id}/voting`, { open: true })).status).toBe(200);
  for (const [who, position] of [
    ['secretariaat', 'agree'],
    ['klankbordgroep', 'agree'],
    ['deelnemer', 'disagree'],
  ] as const) {
    expect((await api(who).put(`/api/statements/${id}/vote`, { position })).status).toBe(200);
  }
  const notes = await pool.connect(sessionNotesDocumentName('ngs', vuurwerk), tokens.deelnemer);
  writeRichText(sessionNotesFragment(notes.doc), 'Het verbod werkt in Tilburg', '', '');
  expect(await roundTrip(notes)).toBe('answered');
  await moveMeeting(ctx.server.db, meetingId, 'reporting');
  return { meetingId, programme, opening, koffie, tafels };
}

describe('scaffolding a report', () => {
  it("writes the chosen theme, each item's speakers, description and session notes, and the stelling results", async () => {
    const { meetingId, opening, tafels } = await meetingAfterTheDay();
    const editor = await pool.connect(reportDocumentName('ngs', meetingId), tokens.klankbordgroep);
    const response = await api('klankbordgroep').post(`/api/meetings/${meetingId}/report/scaffold`);
    expect(response.status).toBe(200);
    expect(response.body.added).toEqual([SCAFFOLD_THEMES, opening, tafels, SCAFFOLD_STATEMENTS]);
    const expected = [
      'Thema',
      'Jongeren en ondermijning',
      'Criminelen werven steeds jongere koeriers',
      '09:30–10:00 Opening',
      'Sprekers: Sanne de Vries (voorzitter, CCV)',
      'Welkom en een ronde langs de steden',
      '10:15–11:45 Dilemmatafels',
      'Vuurwerk',
      'Gespreksleider: Tilburg',
      'Het verbod werkt in Tilburg',
      'Drugs',
      'Gespreksleider: Breda',
      'Stellingen',
      ...['Stelling', 'Eens', 'Neutraal', 'Oneens', 'Stemmen'],
      ...['Een landelijk vuurwerkverbod werkt beter dan een lokaal', '2 (67%)', '0 (0%)', '1 (33%)', '3'],
    ].join('\n');
    await waitFor(() => reportText(editor) === expected, 'the scaffold to reach the editor');
    expect(reportText(editor)).not.toMatch(/Koffie/);
    expect(paragraphs(reportFragment(editor.doc)).filter((words) => words.trim() === '')).toEqual([]);

    // Read as every export reads it (the editor's levels 3 and 4 become the outline's 1 and 2): the schema keeps
    // each heading at its level, the theme's title in bold and the table.
    const markdown = toMarkdown(documentFromFragment(reportFragment(editor.doc)));
    expect(markdown).toMatch(/^# Thema\n/);
    expect(markdown).toContain('**Jongeren en ondermijning**');
    expect(markdown).toContain('\n# 10:15–11:45 Dilemmatafels\n');
    expect(markdown).toContain('\n## Vuurwerk\n');
    expect(markdown).toMatch(/\| Een landelijk vuurwerkverbod werkt beter dan een lokaal \| 2 \(67%\) \| 0 \(0%\) \|/);
  });

  it('adds only what is missing when run again: a new programme item, in programme order', async () => {
    const { meetingId, programme, tafels } = await meetingAfterTheDay();
    const name = reportDocumentName('ngs', meetingId);
    const editor = await pool.connect(name, tokens.secretariaat);
    await api('secretariaat').post(`/api/meetings/${meetingId}/report/scaffold`);
    writeParagraph(editor.doc, 'Conclusie van de secretaris');
    expect(await roundTrip(editor)).toBe('answered');

    // Programme items added afterwards (the programme is the secretariat's to change while live).
    await moveMeeting(ctx.server.db, meetingId, 'live');
    const lezing = addItem(
      programme.doc,
      { kind: 'talk', title: 'Lezing', durationMinutes: 30, speakers: [{ name: 'Ahmed Yilmaz' }] },
      { before: tafels },
    );
    writeRichText(itemDescription(programme.doc, lezing), 'Wat de politie ziet');
    addItem(programme.doc, { kind: 'break', title: 'Lunch', durationMinutes: 60 });
    await waitFor(
      async () => (await listProgrammeItems(ctx.server.db, meetingId)).length === 5,
      'the new items to be projected',
    );
    await moveMeeting(ctx.server.db, meetingId, 'reporting');

    const again = await api('secretariaat').post(`/api/meetings/${meetingId}/report/scaffold`);
    expect(again.body.added).toEqual([lezing]);
    expect((await api('secretariaat').post(`/api/meetings/${meetingId}/report/scaffold`)).body.added).toEqual([]);
    await waitFor(() => reportText(editor).includes('Lezing'), 'the new section to arrive');
    const lines = reportText(editor).split('\n');
    for (const once of ['Thema', 'Stellingen', '09:30–10:00 Opening', 'Het verbod werkt in Tilburg']) {
      expect(lines.filter((line) => line === once)).toHaveLength(1);
    }
    expect(lines).toContain('Sprekers: Ahmed Yilmaz');
    expect(lines).toContain('Wat de politie ziet');
    expect(lines.some((line) => line.endsWith('Lunch'))).toBe(false);
    expect(lines.indexOf('Conclusie van de secretaris')).toBe(lines.length - 1);
    expect(lines.findIndex((line) => line.endsWith('Lezing'))).toBeLessThan(
      lines.findIndex((line) => line.endsWith('Dilemmatafels')),
    );
    expect(paragraphs(reportFragment(editor.doc)).filter((words) => words.trim() === '')).toEqual([]);
    const fresh = await pool.connect(name, tokens.deelnemer);
    expect(reportText(fresh)).toBe(reportText(editor));
  });

  it('is not for readers, nor for a final report', async () => {
    const { meetingId } = await meetingAfterTheDay();
    expect((await api('deelnemer').post(`/api/meetings/${meetingId}/report/scaffold`)).status).toBe(403);
    await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, {});
    expect((await api('secretariaat').post(`/api/meetings/${meetingId}/report/scaffold`)).status).toBe(409);
  });
});

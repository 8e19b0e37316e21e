import { listProgrammeItems, listSessions } from '@klankbord/db';
import {
  addItem,
  addSession,
  programmeDocumentName,
  reportDocumentName,
  sessionNotesDocumentName,
  sessionNotesFragment,
} from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import { roundTrip } from '../support/clients.ts';
import { reportText, writeParagraph } from './support.ts';

const ctx = useMembersServer();
const { pool, api } = ctx;

/** A meeting with an opening and dilemmatafels whose first table took notes during the day; now reporting. */
async function meetingAfterTheDay() {
  const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
  const programme = await pool.connect(programmeDocumentName('ngs', meetingId), tokens.secretariaat);
  const opening = addItem(programme.doc, {
    kind: 'opening',
    title: 'Opening',
    durationMinutes: 30,
    speakers: [{ name: 'Sanne de Vries', role: 'voorzitter', organisation: 'CCV' }],
  });
  const tafels = addItem(programme.doc, { kind: 'deelsessies', title: 'Dilemmatafels', durationMinutes: 90 });
  const vuurwerk = addSession(programme.doc, tafels, { topic: 'Vuurwerk', facilitator: 'Tilburg', room: 'Zaal 1' });
  await waitFor(
    async () => (await listSessions(ctx.server.db, meetingId)).length === 1,
    'the programme to be projected',
  );
  await moveMeeting(ctx.server.db, meetingId, 'live');
  const notes = await pool.connect(sessionNotesDocumentName('ngs', vuurwerk), tokens.deelnemer);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('Het verbod werkt in Tilburg')]);
  sessionNotesFragment(notes.doc).insert(0, [paragraph]);
  expect(await roundTrip(notes)).toBe('answered');
  await moveMeeting(ctx.server.db, meetingId, 'reporting');
  return { meetingId, programme, opening, tafels };
}

describe('scaffolding a report', () => {
  it('writes a section per programme item with its speakers and the notes of its sessions', async () => {
    const { meetingId, opening, tafels } = await meetingAfterTheDay();
    const editor = await pool.connect(reportDocumentName('ngs', meetingId), tokens.klankbordgroep);
    const response = await api('klankbordgroep').post(`/api/meetings/${meetingId}/report/scaffold`);
    expect(response.status).toBe(200);
    expect(response.body.added).toEqual([opening, tafels]);
    const expected = [
      '09:30–10:00 Opening',
      'Sprekers: Sanne de Vries (voorzitter, CCV)',
      '',
      '10:00–11:30 Dilemmatafels',
      'Vuurwerk',
      'Gespreksleider: Tilburg',
      'Het verbod werkt in Tilburg',
    ].join('\n');
    await waitFor(() => reportText(editor) === expected, 'the scaffold to reach the editor');
  });

  it('neither duplicates sections nor drops text written in between when run again', async () => {
    const { meetingId, programme, tafels } = await meetingAfterTheDay();
    const name = reportDocumentName('ngs', meetingId);
    const editor = await pool.connect(name, tokens.secretariaat);
    await api('secretariaat').post(`/api/meetings/${meetingId}/report/scaffold`);
    writeParagraph(editor.doc, 'Conclusie van de secretaris');
    expect(await roundTrip(editor)).toBe('answered');

    // A programme item added afterwards (the programme is the secretariat's to change while live).
    await moveMeeting(ctx.server.db, meetingId, 'live');
    const lunch = addItem(programme.doc, { kind: 'break', title: 'Lunch', durationMinutes: 60 }, { before: tafels });
    await waitFor(
      async () => (await listProgrammeItems(ctx.server.db, meetingId)).length === 3,
      'the lunch to be projected',
    );
    await moveMeeting(ctx.server.db, meetingId, 'reporting');

    const again = await api('secretariaat').post(`/api/meetings/${meetingId}/report/scaffold`);
    expect(again.body.added).toEqual([lunch]);
    expect((await api('secretariaat').post(`/api/meetings/${meetingId}/report/scaffold`)).body.added).toEqual([]);
    await waitFor(() => reportText(editor).includes('Lunch'), 'the new section to arrive');
    const lines = reportText(editor).split('\n');
    expect(lines.filter((line) => line.endsWith('Opening'))).toHaveLength(1);
    expect(lines.filter((line) => line === 'Het verbod werkt in Tilburg')).toHaveLength(1);
    expect(lines.indexOf('Conclusie van de secretaris')).toBe(lines.length - 1);
    expect(lines.findIndex((line) => line.endsWith('Lunch'))).toBeLessThan(
      lines.findIndex((line) => line.endsWith('Dilemmatafels')),
    );
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

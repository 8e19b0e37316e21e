import { listAuditEvents } from '@klankbord/db';
import { reportDocumentName } from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import { recordCloses } from '../api/support.ts';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import { roundTrip } from '../support/clients.ts';
import { refuseInserts } from '../support/database.ts';
import { loggedUpdates, reportText, sendRawEdit, writeParagraph } from './support.ts';

const ctx = useMembersServer();
const { pool, api } = ctx;

/** A meeting being reported on, with a first paragraph in its report; both editors connected. */
async function reportingMeeting() {
  const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
  await moveMeeting(ctx.server.db, meetingId, 'reporting');
  const name = reportDocumentName('ngs', meetingId);
  const secretariaat = await pool.connect(name, tokens.secretariaat);
  const klankbordgroep = await pool.connect(name, tokens.klankbordgroep);
  writeParagraph(klankbordgroep.doc, 'Concept van de klankbordgroep');
  await waitFor(() => reportText(secretariaat) === 'Concept van de klankbordgroep', 'the edit to reach the others');
  return { meetingId, name, secretariaat, klankbordgroep };
}

describe('finalising a report', () => {
  it('lets only the secretariaat finalise, and only while the meeting is being reported', async () => {
    const { meetingId } = await reportingMeeting();
    expect((await api('klankbordgroep').post(`/api/meetings/${meetingId}/report/finalise`, {})).status).toBe(403);
    expect((await api('gast').post(`/api/meetings/${meetingId}/report/finalise`, {})).status).toBe(403);
    await moveMeeting(ctx.server.db, meetingId, 'closed');
    expect((await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, {})).status).toBe(403);
  });

  it('records who finalised it, saves the named final version and makes every writer read-only', async () => {
    const { meetingId, name, secretariaat, klankbordgroep } = await reportingMeeting();
    const closes = [recordCloses(klankbordgroep), recordCloses(secretariaat)];
    const response = await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, {
      name: 'Definitief',
    });
    expect(response.status).toBe(200);
    expect(response.body.finalised).toEqual(
      expect.objectContaining({ by: ctx.ngs.userId, versionId: response.body.version.id }),
    );
    expect(response.body.version).toEqual(expect.objectContaining({ name: 'Definitief', createdBy: ctx.ngs.userId }));
    const text = await api('deelnemer').get(
      `/api/meetings/${meetingId}/report/versions/${response.body.version.id}/text`,
    );
    expect(text.body.text).toBe('Concept van de klankbordgroep');
    expect((await api('deelnemer').get(`/api/meetings/${meetingId}/report`)).body.finalised).not.toBeNull();

    // Each writer's socket is closed with 4001; the stock client reconnects, now read-only.
    await waitFor(() => closes.every((codes) => codes.includes(4001)), 'the writers to be told their access changed');
    await waitFor(
      () => [klankbordgroep, secretariaat].every((writer) => writer.provider.wsconnected && writer.provider.synced),
      'them to reconnect',
    );
    const before = await loggedUpdates(ctx.server, name);
    writeParagraph(klankbordgroep.doc, 'Na het vaststellen');
    expect(await roundTrip(klankbordgroep)).toBe('answered');
    writeParagraph(secretariaat.doc, 'Ook niet van het secretariaat');
    expect(await roundTrip(secretariaat)).toBe('answered');
    await sendRawEdit(`${ctx.server.collabUrl}/${name}?token=${tokens.secretariaat}`, 'Met de hand gestuurd');

    expect(await loggedUpdates(ctx.server, name)).toBe(before);
    const fresh = await pool.connect(name, tokens.deelnemer);
    expect(reportText(fresh)).toBe('Concept van de klankbordgroep');
    expect(reportText(secretariaat)).not.toContain('Na het vaststellen');
    expect(reportText(klankbordgroep)).not.toContain('Ook niet');

    expect((await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, {})).status).toBe(409);
    const edit = await api('klankbordgroep').post(`/api/meetings/${meetingId}/report/versions`, { name: 'Stiekem' });
    expect(edit.status).toBe(409);
    expect(edit.body.error).toBe('report.finalised');
  });

  it('reopens a finalised report for the secretariaat, audited, so its editors write again', async () => {
    const { meetingId, name, secretariaat, klankbordgroep } = await reportingMeeting();
    expect((await api('secretariaat').post(`/api/meetings/${meetingId}/report/reopen`)).status).toBe(409);
    const finaliseCloses = recordCloses(klankbordgroep);
    expect((await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, {})).body.version.name).toBe(
      'Definitief',
    );
    // Finalising closed its socket too: only once it is back (read-only) can reopening be seen to close it again.
    await waitFor(() => finaliseCloses.includes(4001), 'the reader to be told the report was finalised');
    await waitFor(() => klankbordgroep.provider.wsconnected && klankbordgroep.provider.synced, 'it to be back');
    expect((await api('klankbordgroep').post(`/api/meetings/${meetingId}/report/reopen`)).status).toBe(403);
    const closes = recordCloses(klankbordgroep);
    const reopened = await api('secretariaat').post(`/api/meetings/${meetingId}/report/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body.finalised).toBeNull();
    await waitFor(() => closes.includes(4001), 'the reader to be told its access changed');
    await waitFor(() => klankbordgroep.provider.wsconnected && klankbordgroep.provider.synced, 'it to reconnect');
    writeParagraph(klankbordgroep.doc, 'Aanvulling na heropenen');
    await waitFor(() => reportText(secretariaat).includes('Aanvulling na heropenen'), 'the edit to arrive again');
    expect(await loggedUpdates(ctx.server, name)).toBeGreaterThan(0);
    const events = await listAuditEvents(ctx.server.db, ctx.ngs.networkId, { limit: 50 });
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['report.finalised', 'report.reopened']));
  });

  it('stays open when its final version cannot be saved, so a final report always has its final version', async () => {
    const { meetingId, name } = await reportingMeeting();
    // A real failure of the database, for this one insert only.
    const restore = await refuseInserts(ctx.server.db, 'report_versions');
    try {
      const response = await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, {});
      expect(response.status).toBe(500);
    } finally {
      await restore();
    }
    expect((await api('secretariaat').get(`/api/meetings/${meetingId}/report`)).body.finalised).toBeNull();
    // The editors were sent away while it was being finalised; one that comes back may write again.
    const writer = await pool.connect(name, tokens.klankbordgroep);
    writeParagraph(writer.doc, 'Nog een alinea');
    expect(await roundTrip(writer)).toBe('answered');
    const reader = await pool.connect(name, tokens.secretariaat);
    expect(reportText(reader)).toContain('Nog een alinea');
  });

  it('keeps a finalised report unchanged across a restart, whatever was sent after finalising', async () => {
    const { meetingId, name } = await reportingMeeting();
    await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, { name: 'Vastgesteld' });
    await sendRawEdit(`${ctx.server.collabUrl}/${name}?token=${tokens.klankbordgroep}`, 'Na het vaststellen');
    pool.destroyAll();
    await ctx.restart();
    const fresh = await pool.connect(name, tokens.secretariaat);
    expect(reportText(fresh)).toBe('Concept van de klankbordgroep');
    const versions = await api('secretariaat').get(`/api/meetings/${meetingId}/report/versions`);
    expect(versions.body.versions.map((v: { name: string }) => v.name)).toEqual(['Vastgesteld']);
  });
});

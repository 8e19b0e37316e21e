import { reportDocumentName, reportFragment } from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import { type Client, roundTrip } from '../support/clients.ts';
import { reportText, writeParagraph } from './support.ts';

const ctx = useMembersServer();
const { pool, api } = ctx;

/** Writes a paragraph, waits until the server has stored it, and saves a version under this name. */
async function writeAndSave(meetingId: number, client: Client, words: string, name: string): Promise<number> {
  writeParagraph(client.doc, words);
  expect(await roundTrip(client)).toBe('answered');
  const response = await api('klankbordgroep').post(`/api/meetings/${meetingId}/report/versions`, { name });
  expect(response.status).toBe(201);
  return response.body.version.id;
}

/** A meeting being reported on, with three saved versions of its report, each one paragraph longer. */
async function reportWithVersions() {
  const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
  await moveMeeting(ctx.server.db, meetingId, 'reporting');
  const name = reportDocumentName('ngs', meetingId);
  const editor = await pool.connect(name, tokens.klankbordgroep);
  const ids = [
    await writeAndSave(meetingId, editor, 'Opening door de voorzitter', 'Concept 1'),
    await writeAndSave(meetingId, editor, 'Vuurwerk in Tilburg', 'Concept 2'),
    await writeAndSave(meetingId, editor, 'Afspraken voor volgend jaar', 'Concept 3'),
  ];
  return { meetingId, name, editor, ids };
}

describe('versions of a report', () => {
  it('lists saved versions in order and gives the plain text of each', async () => {
    const { meetingId, ids } = await reportWithVersions();
    const list = await api('deelnemer').get(`/api/meetings/${meetingId}/report/versions`);
    expect(list.status).toBe(200);
    expect(list.body.versions.map((v: { id: number; name: string }) => [v.id, v.name])).toEqual([
      [ids[0], 'Concept 1'],
      [ids[1], 'Concept 2'],
      [ids[2], 'Concept 3'],
    ]);
    const text = await api('deelnemer').get(`/api/meetings/${meetingId}/report/versions/${ids[1]}/text`);
    expect(text.body.text).toBe('Opening door de voorzitter\nVuurwerk in Tilburg');
  });

  it('refuses saving a version to readers, and a nameless one, and texts of unknown versions', async () => {
    const { meetingId, ids } = await reportWithVersions();
    expect((await api('deelnemer').post(`/api/meetings/${meetingId}/report/versions`, { name: 'X' })).status).toBe(403);
    const nameless = await api('secretariaat').post(`/api/meetings/${meetingId}/report/versions`, { name: ' ' });
    expect(nameless.status).toBe(400);
    expect(nameless.body.fields).toEqual({ name: 'name.required' });
    const other = await reportWithVersions();
    expect((await api('deelnemer').get(`/api/meetings/${meetingId}/report/versions/${other.ids[0]}/text`)).status).toBe(
      404,
    );
    expect((await api('deelnemer').get(`/api/meetings/${meetingId}/report/versions/${ids[0]}/text`)).status).toBe(200);
  });

  it('shows what changed between two versions, paragraph by paragraph and word by word', async () => {
    const { meetingId, editor, ids } = await reportWithVersions();
    const diff = await api('deelnemer').get(
      `/api/meetings/${meetingId}/report/versions/diff?from=${ids[0]}&to=${ids[2]}`,
    );
    expect(diff.status).toBe(200);
    expect([diff.body.from.name, diff.body.to.name]).toEqual(['Concept 1', 'Concept 3']);
    expect(diff.body.paragraphs).toEqual([
      { op: 'equal', text: 'Opening door de voorzitter' },
      { op: 'insert', text: 'Vuurwerk in Tilburg' },
      { op: 'insert', text: 'Afspraken voor volgend jaar' },
    ]);

    const second = reportFragment(editor.doc).get(1) as Y.XmlElement;
    const words = second.get(0) as Y.XmlText;
    words.delete('Vuurwerk in '.length, 'Tilburg'.length);
    words.insert('Vuurwerk in '.length, 'Breda');
    expect(await roundTrip(editor)).toBe('answered');
    const saved = await api('secretariaat').post(`/api/meetings/${meetingId}/report/versions`, { name: 'Concept 4' });
    const changed = await api('deelnemer').get(
      `/api/meetings/${meetingId}/report/versions/diff?from=${ids[2]}&to=${saved.body.version.id}`,
    );
    expect(changed.body.paragraphs).toEqual([
      { op: 'equal', text: 'Opening door de voorzitter' },
      {
        op: 'change',
        parts: [
          { op: 'equal', text: 'Vuurwerk in ' },
          { op: 'delete', text: 'Tilburg' },
          { op: 'insert', text: 'Breda' },
        ],
      },
      { op: 'equal', text: 'Afspraken voor volgend jaar' },
    ]);
    const bad = await api('deelnemer').get(`/api/meetings/${meetingId}/report/versions/diff?from=${ids[0]}&to=x`);
    expect(bad.status).toBe(400);
  });

  it('restores a version as a new change: exactly its text, for every editor, with every version kept', async () => {
    const { meetingId, name, editor, ids } = await reportWithVersions();
    const other = await pool.connect(name, tokens.secretariaat);
    const restored = await api('secretariaat').post(`/api/meetings/${meetingId}/report/versions/${ids[0]}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.text).toBe('Opening door de voorzitter');
    await waitFor(() => reportText(editor) === 'Opening door de voorzitter', 'the restore to reach the editor');
    await waitFor(() => reportText(other) === 'Opening door de voorzitter', 'the restore to reach the others');

    const list = await api('secretariaat').get(`/api/meetings/${meetingId}/report/versions`);
    expect(list.body.versions.map((v: { name: string }) => v.name)).toEqual(['Concept 1', 'Concept 2', 'Concept 3']);
    const third = await api('secretariaat').get(`/api/meetings/${meetingId}/report/versions/${ids[2]}/text`);
    expect(third.body.text).toBe('Opening door de voorzitter\nVuurwerk in Tilburg\nAfspraken voor volgend jaar');

    // The restore is stored: a version saved now, and a client that connects now, hold the restored text.
    const after = await writeAndSave(meetingId, editor, 'Na het herstel', 'Concept 5');
    const text = await api('deelnemer').get(`/api/meetings/${meetingId}/report/versions/${after}/text`);
    expect(text.body.text).toBe('Opening door de voorzitter\nNa het herstel');
    const fresh = await pool.connect(name, tokens.deelnemer);
    expect(reportText(fresh)).toBe('Opening door de voorzitter\nNa het herstel');
  });

  it('refuses restoring to whoever may not edit, and while the report is final', async () => {
    const { meetingId, ids } = await reportWithVersions();
    const path = `/api/meetings/${meetingId}/report/versions/${ids[0]}/restore`;
    expect((await api('deelnemer').post(path)).status).toBe(403);
    await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, {});
    const refused = await api('secretariaat').post(path);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('report.finalised');
  });
});

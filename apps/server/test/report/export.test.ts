import { reportDocumentName, reportFragment } from '@klankbord/domain';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import { roundTrip } from '../support/clients.ts';

const ctx = useMembersServer();
const { pool } = ctx;

/** A heading, a paragraph with a script in it, and a bullet list, written as the web editor writes them. */
function writeReport(doc: Y.Doc): void {
  const heading = new Y.XmlElement('heading');
  // y-tiptap stores ProseMirror attributes as they are (a number here); Yjs's typing only says string.
  heading.setAttribute('level', 3 as unknown as string);
  heading.insert(0, [new Y.XmlText('Opening')]);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('De burgemeester opent <script>alert(1)</script> de dag.')]);
  const list = new Y.XmlElement('bulletList');
  for (const words of ['Carbid', 'Vuurwerk']) {
    const item = new Y.XmlElement('listItem');
    const text = new Y.XmlElement('paragraph');
    text.insert(0, [new Y.XmlText(words)]);
    item.insert(0, [text]);
    list.insert(list.length, [item]);
  }
  reportFragment(doc).insert(0, [heading, paragraph, list]);
}

/** A meeting being reported on, whose report (see writeReport) the server has stored. */
async function meetingWithReport(): Promise<number> {
  const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
  await moveMeeting(ctx.server.db, meetingId, 'reporting');
  const editor = await pool.connect(reportDocumentName('ngs', meetingId), tokens.klankbordgroep);
  writeReport(editor.doc);
  expect(await roundTrip(editor)).toBe('answered');
  return meetingId;
}

const download = (meetingId: number, format: string, token = tokens.deelnemer) =>
  fetch(`${ctx.server.httpUrl}/api/meetings/${meetingId}/report/export/${format}`, {
    headers: { authorization: `Bearer ${token}` },
  });

describe('exporting a report', () => {
  it('renders the stored report as Markdown, safe HTML and a real Word document, as downloads', async () => {
    const meetingId = await meetingWithReport();

    const markdown = await download(meetingId, 'md');
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-disposition')).toMatch(
      /^attachment; filename="Verslag Netwerkdag Utrecht 2026-03-12\.md"; filename\*=UTF-8''/,
    );
    const md = await markdown.text();
    expect(md).toContain('Opening');
    expect(md).toMatch(/^[-*] Carbid$/m);
    expect(md).toMatch(/^[-*] Vuurwerk$/m);

    const html = await (await download(meetingId, 'html')).text();
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');

    const docx = await download(meetingId, 'docx');
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()));
    const body = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(body).toContain('Opening');
    expect(body).toMatch(/w:pStyle w:val="Heading\d"/);
    expect(body).toContain('w:numPr');
    expect(body).toContain('Vuurwerk');
  });

  it('gives the print view of the stored text, escaped, headings below the page’s own title', async () => {
    const meetingId = await meetingWithReport();
    const print = await fetch(`${ctx.server.httpUrl}/api/meetings/${meetingId}/report/print`, {
      headers: { authorization: `Bearer ${tokens.deelnemer}` },
    });
    const body = (await print.json()) as { html: string; finalised: unknown; meeting: { id: number } };
    expect(body.meeting.id).toBe(meetingId);
    expect(body.finalised).toBeNull();
    // The house style's cover facts come first, then its sections, headings below the page's own title.
    expect(body.html).toMatch(/^<p><strong>Netwerk: <\/strong>/);
    expect(body.html).toContain('<h2>Opening</h2>');
    expect(body.html).toContain('&lt;script&gt;');
    expect(body.html).not.toMatch(/<script|<h1/);
    const gast = await fetch(`${ctx.server.httpUrl}/api/meetings/${meetingId}/report/print`, {
      headers: { authorization: `Bearer ${tokens.gast}` },
    });
    expect(gast.status).toBe(403);
  });

  it('refuses the export to whoever may not read the report', async () => {
    const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
    // While it is prepared, a deelnemer may not even see the meeting; an outsider never may.
    expect((await download(meetingId, 'md')).status).toBe(404);
    expect((await download(meetingId, 'md', tokens.elders)).status).toBe(404);
    expect((await download(meetingId, 'odt', tokens.secretariaat)).status).toBe(400);
    // No verslag is written while a meeting is prepared, not even by the secretariaat: nothing to export yet.
    expect((await download(meetingId, 'pdf', tokens.secretariaat)).status).toBe(403);
    // Being written, the draft is for the participants; a gast reads the verslag once it is published.
    await moveMeeting(ctx.server.db, meetingId, 'reporting');
    expect((await download(meetingId, 'md', tokens.gast)).status).toBe(403);
    expect((await download(meetingId, 'md')).status).toBe(200);
  });
});

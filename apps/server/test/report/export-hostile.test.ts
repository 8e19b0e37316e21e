import { reportDocumentName, reportFragment } from '@klankbord/domain';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import { roundTrip } from '../support/clients.ts';

const ctx = useMembersServer();

const ATTACK = 'Foto\n\n<img src=x onerror=alert(1)>\n\n"citaat" (haakjes) <script>alert(2)</script>';

/**
 * A report as a hostile client may write it: an image whose alt text and title hold blank lines and HTML, a link
 * whose text does, and a control character that XML cannot hold.
 */
function writeHostileReport(doc: Y.Doc): void {
  const image = new Y.XmlElement('image');
  image.setAttribute('src', 'https://example.org/foto.jpg');
  image.setAttribute('alt', ATTACK);
  image.setAttribute('title', ATTACK);
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  text.applyDelta([
    { insert: ATTACK, attributes: { link: { href: 'https://example.org/a b\n\n<img src=x onerror=alert(3)>' } } },
    { insert: ' einde\u0001' },
  ]);
  paragraph.insert(0, [text]);
  reportFragment(doc).insert(0, [image, paragraph]);
}

const download = (meetingId: number, format: string) =>
  fetch(`${ctx.server.httpUrl}/api/meetings/${meetingId}/report/export/${format}`, {
    headers: { authorization: `Bearer ${tokens.deelnemer}` },
  });

describe('exporting a report written by a hostile client', () => {
  it('Markdown export of a hostile image title, link text and alt text', async () => {
    const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
    await ctx.server.db.updateTable('meetings').set({ title: ATTACK }).where('id', '=', meetingId).execute();
    await moveMeeting(ctx.server.db, meetingId, 'reporting');
    const editor = await ctx.pool.connect(reportDocumentName('ngs', meetingId), tokens.klankbordgroep);
    writeHostileReport(editor.doc);
    expect(await roundTrip(editor)).toBe('answered');

    const response = await download(meetingId, 'md');
    expect(response.status).toBe(200);
    const markdown = await response.text();
    // Every `<` is escaped (this report has no code, where one would be safe), so none can open raw HTML.
    expect(markdown).not.toMatch(/(^|[^\\])</m);
    const lines = markdown.split('\n');
    // After the layout's cover facts and presentielijst, the image and the paragraph: two lines, neither broken
    // apart by the blank lines in them.
    const afterLayout = lines.slice(lines.findIndex((line) => line.startsWith('_Geen aanmeldingen')) + 1);
    expect(afterLayout.filter((line) => line !== '')).toHaveLength(2);
    expect(lines[0]).toMatch(/^# Verslag Foto /);
    expect(lines.find((line) => line.startsWith('![Foto '))).toMatch(
      /^!\[.*\]\(https:\/\/example\.org\/foto\.jpg ".*\\"citaat\\" \(haakjes\) \\<script\\>alert\(2\)\\<\/script\\>"\)$/,
    );
    expect(lines.find((line) => line.startsWith('[Foto '))).toContain('](https://example.org/a%20b%0A%0A%3Cimg');
  });

  it('HTML and Word exports of the same report hold it as text', async () => {
    const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
    await moveMeeting(ctx.server.db, meetingId, 'reporting');
    const editor = await ctx.pool.connect(reportDocumentName('ngs', meetingId), tokens.klankbordgroep);
    writeHostileReport(editor.doc);
    expect(await roundTrip(editor)).toBe('answered');

    const html = await (await download(meetingId, 'html')).text();
    const body = html.slice(html.indexOf('<main>'));
    // The layout's cover facts and presentielijst, then the report's own image and paragraph.
    expect(body.match(/<[a-z0-9]+/g)).toEqual([
      ...['<main', '<h1', '<p', '<strong', '<p', '<strong', '<p', '<strong', '<h2', '<p', '<em'],
      ...['<p', '<img', '<p', '<a'],
    ]);
    expect(body).not.toMatch(/<img src=x|<script/);

    const zip = await JSZip.loadAsync(Buffer.from(await (await download(meetingId, 'docx')).arrayBuffer()));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('einde');
    // XML 1.0 holds no control character but tab and line endings: Word would refuse the file.
    expect(xml).not.toMatch(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u);
  });
});

import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { report } from './fixtures/report.ts';
import { toDocx } from './to-docx.ts';

/** The paragraphs of word/document.xml, each with its style, numbering and text. */
function paragraphs(xml: string) {
  return [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((match) => {
    const body = match[1] ?? match[2] ?? '';
    return {
      style: /<w:pStyle w:val="([^"]+)"/.exec(body)?.[1] ?? null,
      numbered: body.includes('<w:numPr>'),
      text: [...body.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    };
  });
}

describe('toDocx', () => {
  it('writes a Word file with heading styles, numbered list items and a real table', async () => {
    const buffer = await toDocx(report, { title: 'Verslag' });
    const zip = await JSZip.loadAsync(buffer);
    expect(Object.keys(zip.files)).toEqual(
      expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/numbering.xml', 'word/styles.xml']),
    );
    const xml = await zip.file('word/document.xml')!.async('string');
    const all = paragraphs(xml);
    const find = (text: string) => all.find((p) => p.text === text);

    expect(find('Verslag')?.style).toBe('Title');
    expect(find('Netwerkdag Eindhoven')?.style).toBe('Heading1');
    expect(find('Afspraken')?.style).toBe('Heading2');
    for (const item of ['Vuurwerkvrije zones', 'Binnenstad', 'Evaluatie delen', 'Volgende netwerkdag plannen']) {
      expect(find(item)?.numbered, item).toBe(true);
    }
    expect(find('Samen staan we sterker dan alleen.')).toEqual({
      style: 'Quote',
      numbered: false,
      text: 'Samen staan we sterker dan alleen.',
    });

    const table = /<w:tbl>[\s\S]*<\/w:tbl>/.exec(xml)?.[0] ?? '';
    const cells = [...table.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((cell) => paragraphs(cell[1]!)[0]?.text);
    expect(cells).toEqual(['Stad', 'Incidenten', 'Utrecht', '42', 'Zwolle', '7']);
  });

  it('makes links clickable and marks bold and italic text', async () => {
    const zip = await JSZip.loadAsync(await toDocx(report));
    const xml = await zip.file('word/document.xml')!.async('string');
    const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
    expect(rels).toMatch(/Target="https:\/\/example.org\/programma" TargetMode="External"/);
    expect(xml).toMatch(/<w:hyperlink [^>]*r:id="[^"]+"[^>]*>[\s\S]*?de netwerksite/);
    expect(xml).toMatch(/<w:b\/>[\s\S]*?38 deelnemers/);
    expect(xml).toMatch(/<w:i\/>[\s\S]*?jaarwisseling/);
  });

  it('defines Word numbering for bullet and numbered lists', async () => {
    const zip = await JSZip.loadAsync(await toDocx(report));
    const numbering = await zip.file('word/numbering.xml')!.async('string');
    expect(numbering).toContain('<w:numFmt w:val="decimal"/>');
    expect(numbering).toContain('<w:numFmt w:val="bullet"/>');
  });

  it('writes a file XML can read when the text holds control characters', async () => {
    const hostile = 'a\u0001b\u000bc\u001fd\ufffee<f>&g';
    const link = { type: 'link', attrs: { href: `https://example.org/\u0001${hostile}` } };
    const buffer = await toDocx(
      {
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: hostile, marks: [link] }] },
          { type: 'codeBlock', content: [{ type: 'text', text: hostile }] },
          { type: 'image', attrs: { src: `https://example.org/${hostile}`, alt: hostile } },
        ],
      },
      { title: hostile, creator: hostile },
    );
    const zip = await JSZip.loadAsync(buffer);
    // XML 1.0's Char production: a file with anything else in it is not XML, and Word will not open it.
    const notXml = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
    for (const file of Object.values(zip.files).filter((entry) => !entry.dir)) {
      expect(await file.async('string'), file.name).not.toMatch(notXml);
    }
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(paragraphs(xml).map((p) => p.text)).toContain('abcde&lt;f&gt;&amp;g');
  });
});

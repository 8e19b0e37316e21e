import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { RichTextDocument } from './document.ts';
import { netwerkdagUtrecht, OWN_IMAGE_SOURCE } from './fixtures/netwerkdag-utrecht.ts';
import { samplePng } from './fixtures/sample-png.ts';
import type { ReportLayout } from './report-layout.ts';
import { reportToDocx } from './to-docx.ts';
import { reportToHtml, reportToHtmlBody } from './to-html.ts';
import { reportToMarkdown } from './to-markdown.ts';

const heading = (level: number, text: string): RichTextDocument => ({
  type: 'heading',
  attrs: { level },
  content: text ? [{ type: 'text', text }] : [],
});
const paragraph = (text: string): RichTextDocument => ({
  type: 'paragraph',
  content: text ? [{ type: 'text', text }] : [],
});
const withBody = (content: RichTextDocument[], changes: Partial<ReportLayout> = {}): ReportLayout => ({
  ...netwerkdagUtrecht,
  body: { type: 'doc', content },
  ...changes,
});

/** Each paragraph of word/document.xml with its style and text. */
async function paragraphsOf(layout: ReportLayout) {
  const zip = await JSZip.loadAsync(await reportToDocx(layout));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((match) => {
    const body = match[1] ?? match[2] ?? '';
    return {
      style: /<w:pStyle w:val="([^"]+)"/.exec(body)?.[1] ?? null,
      text: [...body.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    };
  });
}

describe('reportToDocx', () => {
  it('puts a programme item at Heading 1 and its deelsessie at Heading 2, whichever levels the text uses', async () => {
    for (const [item, session] of [
      [3, 4],
      [2, 3],
    ] as const) {
      const paragraphs = await paragraphsOf(
        withBody([heading(item, 'Opening'), paragraph('Welkom.'), heading(session, 'Dilemmatafel')]),
      );
      const style = (text: string) => paragraphs.find((p) => p.text === text)?.style;
      expect(style('Opening'), `levels ${item}/${session}`).toBe('Heading1');
      expect(style('Dilemmatafel'), `levels ${item}/${session}`).toBe('Heading2');
      expect(style('Actielijst')).toBe('Heading1');
    }
  });

  it('leaves out headings without text and empty paragraphs', async () => {
    const paragraphs = await paragraphsOf(
      withBody([heading(3, ''), heading(3, '  '), paragraph(''), paragraph('Tekst')]),
    );
    expect(paragraphs.filter((p) => p.style?.startsWith('Heading') && p.text.trim() === '')).toEqual([]);
    const body = paragraphs.slice(paragraphs.findIndex((p) => p.text.startsWith('Organisaties')) + 1);
    expect(body[0]).toEqual({ style: null, text: 'Tekst' });
  });

  it('starts with the title and the cover facts in their own style', async () => {
    const paragraphs = await paragraphsOf(netwerkdagUtrecht);
    expect(paragraphs[0]).toEqual({ style: 'Title', text: 'Verslag Netwerkdag Utrecht 2025' });
    expect(paragraphs.slice(1, 7).map((p) => p.text)).toEqual([
      'Netwerk: Netwerk Grote Steden',
      'Datum: 10 april 2025',
      'Locatie: Stadhuis Utrecht, Stadhuisbrug 1',
      'Gastgemeente: Utrecht',
      'Thema: Ondermijning',
      'Status: Definitief, vastgesteld door Marieke de Vries op 2 mei 2025 (versie ‘Na klankbordgroep’)',
    ]);
  });
});

describe('reportToDocx: images, comments and the stellingen chart', () => {
  const zipOf = async (layout: ReportLayout) => JSZip.loadAsync(await reportToDocx(layout));
  const partOf = async (zip: JSZip, name: string) => (await zip.file(name)?.async('string')) ?? '';

  it('embeds the verslag’s own image, at its size, with its alt text, and links an image from elsewhere', async () => {
    const zip = await zipOf(netwerkdagUtrecht);
    const media = Object.keys(zip.files).filter((name) => /^word\/media\/.+/.test(name));
    expect(media).toHaveLength(1);
    expect(Buffer.from(await zip.file(media[0]!)!.async('uint8array'))).toEqual(samplePng());
    const xml = await partOf(zip, 'word/document.xml');
    // 240 × 120 pixels at 96 dpi in EMU (9525 per pixel): it fits the text width, so it keeps its size.
    expect(xml).toContain('<wp:extent cx="2286000" cy="1143000"/>');
    expect(xml).toMatch(/<wp:docPr [^>]*descr="Schema van de signalen per wijk"/);
    const rels = await partOf(zip, 'word/_rels/document.xml.rels');
    expect(rels).toContain('Target="https://example.org/deelsessie.jpg" TargetMode="External"');
    expect(rels).not.toContain(OWN_IMAGE_SOURCE);
  });

  it('leaves an image of our own that is not in the layout as its alt text, without a dead link', async () => {
    const image = { type: 'image', attrs: { src: '/api/attachments/99', alt: 'Weg' } };
    const zip = await zipOf(withBody([image], { images: new Map() }));
    expect(Object.keys(zip.files).some((name) => name.startsWith('word/media/'))).toBe(false);
    const xml = await partOf(zip, 'word/document.xml');
    expect(xml).toContain('>Weg</w:t>');
    expect(await partOf(zip, 'word/_rels/document.xml.rels')).not.toContain('/api/attachments/99');
  });

  it('has no comments part unless the comments were asked for', async () => {
    const zip = await zipOf({ ...netwerkdagUtrecht, comments: null });
    expect(await partOf(zip, 'word/comments.xml')).not.toContain('<w:comment ');
    expect(await partOf(zip, 'word/document.xml')).not.toContain('commentRangeStart');
  });

  it('puts each comment on the paragraph with its words, its reply threaded under it, and a lost one on the title', async () => {
    const zip = await zipOf(netwerkdagUtrecht);
    const comments = await partOf(zip, 'word/comments.xml');
    const ids = [...comments.matchAll(/<w:comment [^>]*w:id="(\d+)"[^>]*w:author="([^"]*)"/g)].map((m) => [m[1], m[2]]);
    expect(ids).toEqual([
      ['0', 'Jeroen Bakker'],
      ['1', 'Marieke de Vries'],
      ['2', 'Oud-lid'],
    ]);
    expect(comments).toContain('Bij: “Begin bij de signalen die buurtbewoners al geven.”');
    expect(comments).toContain('Kunnen we hier het voorbeeld uit Tilburg noemen?');
    expect(comments).toContain('Ja, ik voeg het toe.');
    // The reply is threaded under the comment, and the resolved comment is marked done, in commentsExtended.
    const extended = await partOf(zip, 'word/commentsExtended.xml');
    expect(extended).toMatch(/w15:paraIdParent="[0-9A-F]+"/);
    expect(extended).toMatch(/w15:done="1"/);
    const xml = await partOf(zip, 'word/document.xml');
    const paragraphWith = (text: string) =>
      [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p [^>]*>[\s\S]*?<\/w:p>/g)]
        .map((m) => m[0])
        .find((p) => p.includes(text));
    expect(paragraphWith('Begin bij de signalen')).toMatch(
      /commentRangeStart w:id="0"[\s\S]*commentReference w:id="1"/,
    );
    expect(paragraphWith('Verslag Netwerkdag Utrecht 2025')).toContain('<w:commentReference w:id="2"/>');
  });

  it('draws a bar chart per stelling with the counts beside the bars and the chart in words below', async () => {
    const xml = await partOf(await zipOf(netwerkdagUtrecht), 'word/document.xml');
    expect(xml).toContain('>1. Elke gemeente heeft een vast aanspreekpunt voor ondermijning nodig.</w:t>');
    // 28 eens is the longest bar (all 50 steps); 9 neutraal is 16 of them, 5 oneens 9.
    expect(xml).toMatch(/<w:gridSpan w:val="50"\/>[\s\S]*?<w:shd [^>]*w:fill="0072B2"/);
    expect(xml).toMatch(/<w:gridSpan w:val="16"\/>[\s\S]*?<w:shd [^>]*w:fill="8C8C8C"/);
    expect(xml).toMatch(/<w:gridSpan w:val="9"\/>[\s\S]*?<w:shd [^>]*w:fill="D55E00"/);
    expect(xml).toContain('>Stelling 1: 28 eens, 9 neutraal, 5 oneens.</w:t>');
  });
});

describe('reportToHtml and reportToMarkdown', () => {
  const hostile = withBody([paragraph('<script>alert(1)</script>')], {
    title: 'Dag <b>1</b>',
    themes: ['<img src=x onerror=alert(1)>'],
    statements: [{ text: '"Eens" & <oneens>', votes: { agree: 1, neutral: 0, disagree: 2 } }],
  });

  it('escapes every fact of the layout as it escapes the text', () => {
    for (const html of [reportToHtml(hostile), reportToHtmlBody(hostile)]) {
      expect(html).not.toMatch(/<script|<img|<b>|<oneens>/);
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain('&quot;Eens&quot; &amp; &lt;oneens&gt;');
    }
    expect(reportToHtml(hostile)).toContain('<h1>Verslag Dag &lt;b&gt;1&lt;/b&gt;</h1>');
    // Markdown escapes a `<` with a backslash, so that no viewer reads it as HTML.
    expect(reportToMarkdown(hostile)).not.toMatch(/(?<!\\)<(script|img)/);
  });

  it('keeps the layout’s order and words: cover with the theme, presentielijst, body, stellingen, afspraken', () => {
    const html = reportToHtmlBody(netwerkdagUtrecht);
    const order = [
      'Netwerk: </strong>Netwerk Grote Steden',
      'Thema: </strong>',
      '<h2>Presentielijst</h2>',
      '<h2>Opening en inleiding</h2>',
      '<h3>Deelsessie: vastgoed en witwassen</h3>',
      '<h2>Stellingen</h2>',
      '<th scope="col"><p>Eens</p></th>',
      '<h2>Actielijst</h2>',
      '<td><p>15 mei 2025</p></td>',
    ];
    const positions = order.map((part) => html.indexOf(part));
    expect(positions.filter((position) => position < 0)).toEqual([]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('draws the verslag’s own image from its bytes, and the stellingen as labelled SVG bar charts', () => {
    const html = reportToHtml(netwerkdagUtrecht);
    const base64 = samplePng().toString('base64');
    expect(html).toContain(
      `<figure><img src="data:image/png;base64,${base64}" alt="Schema van de signalen per wijk" width="240" height="120">`,
    );
    expect(html).toContain('<img src="https://example.org/deelsessie.jpg" alt="Deelnemers in de raadzaal">');
    expect(html).toContain('<title id="stelling-1">Stelling 1: 28 eens, 9 neutraal, 5 oneens.</title>');
    // The longest bar is the whole 400 units; 9 of 28 is 129.
    expect(html).toMatch(/<rect x="80" y="3" width="400" height="14" fill="#0072B2"\/>/);
    expect(html).toMatch(/<rect x="80" y="25" width="129" height="14" fill="#8C8C8C"\/>/);
    expect(reportToMarkdown(netwerkdagUtrecht)).not.toContain('statementChart');
  });
});

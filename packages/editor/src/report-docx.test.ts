import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { RichTextDocument } from './document.ts';
import { netwerkdagUtrecht } from './fixtures/netwerkdag-utrecht.ts';
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
});

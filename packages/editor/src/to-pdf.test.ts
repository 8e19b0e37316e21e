import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { RichTextDocument } from './document.ts';
import { netwerkdagUtrecht } from './fixtures/netwerkdag-utrecht.ts';
import type { ReportLayout } from './report-layout.ts';
import { reportToPdf } from './to-pdf.ts';

/** The text of each page, as a PDF reader extracts it, with runs of white space made one space. */
async function pagesOf(pdf: Uint8Array): Promise<string[]> {
  // pdf.js takes over the buffer it is given; each reader gets its own copy.
  const { text } = await extractText(pdf.slice(), { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' '));
}

/** Each page's lines of text from top to bottom: the text items that share a baseline, joined. */
async function linesOf(pdf: Uint8Array): Promise<string[][]> {
  const proxy = await getDocumentProxy(pdf.slice());
  const pages: string[][] = [];
  for (let n = 1; n <= proxy.numPages; n++) {
    const content = await (await proxy.getPage(n)).getTextContent();
    const lines = new Map<number, string>();
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const y = Math.round(item.transform[5] as number);
      lines.set(y, `${lines.get(y) ?? ''} ${item.str}`.trim());
    }
    pages.push([...lines.entries()].sort(([a], [b]) => b - a).map(([, line]) => line));
  }
  return pages;
}

const paragraph = (text: string): RichTextDocument => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const heading = (level: number, text: string): RichTextDocument => ({
  type: 'heading',
  attrs: { level },
  content: [{ type: 'text', text }],
});
const withBody = (content: RichTextDocument[], changes: Partial<ReportLayout> = {}): ReportLayout => ({
  ...netwerkdagUtrecht,
  body: { type: 'doc', content },
  ...changes,
});
const sentence = (n: number) =>
  `Alinea ${n}: de deelnemers bespraken hoe de gemeente signalen van ondermijning in de wijk eerder herkent en deelt.`;

describe('reportToPdf', () => {
  it('starts with the cover facts: network, title, Dutch date, venue, host city, theme and status', async () => {
    const [first = ''] = await pagesOf(await reportToPdf(netwerkdagUtrecht));
    expect(first).toContain('NETWERK GROTE STEDEN');
    expect(first).toContain('Verslag');
    expect(first).toContain('Netwerkdag Utrecht 2025');
    expect(first).toContain('10 april 2025');
    expect(first).toContain('Stadhuis Utrecht, Stadhuisbrug 1');
    expect(first).toMatch(/Gastgemeente Utrecht/);
    expect(first).toMatch(/Thema Ondermijning/);
    expect(first).toContain('Definitief, vastgesteld door Marieke de Vries op 2 mei 2025 (versie ‘Na klankbordgroep’)');
    expect(first).toContain('Gemeente Utrecht, Gemeente Tilburg');
    expect(first.indexOf('Presentielijst')).toBeLessThan(first.indexOf('Opening en inleiding'));
  });

  it('says Concept while the verslag is not finalised', async () => {
    const [first = ''] = await pagesOf(await reportToPdf({ ...netwerkdagUtrecht, status: { final: false } }));
    expect(first).toMatch(/Status Concept/);
    expect(first).not.toContain('Definitief');
  });

  it('lays out the body, stellingen and afspraken in order, with the names of attendees when asked', async () => {
    const layout = {
      ...netwerkdagUtrecht,
      attendance: { organisations: ['CCV'], names: ['Anna Jansen', 'Bram Smit'] },
    };
    const text = (await pagesOf(await reportToPdf(layout))).join(' ');
    const order = [
      'Deelnemers (2): Anna Jansen, Bram Smit',
      'Opening en inleiding',
      'Wie ondermijning alleen ziet',
      'Ondermijning in de wijk',
      '1. Begin bij de signalen',
      '– één contactpersoon per wijk',
      '3. Zet de bestuurlijke aanpak',
      'Deelsessie: vastgoed en witwassen',
      'Signaal Wie ziet het Aantal',
      'Contante betaling van een',
      '[Afbeelding: Deelnemers in de raadzaal]',
      'Afsluiting',
      'Stellingen',
      'Stelling Eens Neutraal Oneens Totaal',
      'Actielijst',
      'Wat Wie Wanneer Status',
      'Voorbeeldconvenant informatiedeling rondsturen Gemeente Utrecht 15 mei 2025 Open',
      'Presentaties op de netwerksite zetten Secretariaat 17 april 2025 Afgerond',
    ];
    const positions = order.map((part) => text.indexOf(part));
    expect(positions.filter((position) => position < 0).map((_, i) => order[i])).toEqual([]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('shows each stelling with its counts in the table and as labelled bars', async () => {
    const text = (await pagesOf(await reportToPdf(netwerkdagUtrecht))).join(' ');
    expect(text).toMatch(/Elke gemeente heeft een vast aanspreekpunt voor ondermijning nodig\. 28 9 5 42/);
    expect(text).toMatch(
      /1\. Elke gemeente heeft een vast aanspreekpunt voor ondermijning nodig\. Eens 28 Neutraal 9 Oneens 5/,
    );
    expect(text).toMatch(
      /2\. Informatie delen met de belastingdienst gaat nu al goed genoeg\. Eens 6 Neutraal 11 Oneens 25/,
    );
  });

  it('makes the programme item a top heading and the deelsessie a level below, in the bookmarks', async () => {
    const proxy = await getDocumentProxy((await reportToPdf(netwerkdagUtrecht)).slice());
    const outline = (await proxy.getOutline()) ?? [];
    const titles = outline.map((item) => item.title);
    expect(titles).toEqual([
      'Presentielijst',
      'Opening en inleiding',
      'Ondermijning in de wijk',
      'Afsluiting',
      'Stellingen',
      'Actielijst',
    ]);
    expect(outline[2]?.items.map((item) => item.title)).toEqual(['Deelsessie: vastgoed en witwassen']);
  });

  it('links link text to its address', async () => {
    const proxy = await getDocumentProxy((await reportToPdf(netwerkdagUtrecht)).slice());
    const annotations = await (await proxy.getPage(1)).getAnnotations();
    const urls = annotations.filter((annotation) => annotation.subtype === 'Link').map((annotation) => annotation.url);
    expect(urls).toContain('https://example.org/netwerkdag-utrecht');
  });

  it('sets the title and the author in the document info', async () => {
    const { info } = await getMeta((await reportToPdf(netwerkdagUtrecht)).slice());
    expect(info.Title).toBe('Netwerkdag Utrecht 2025');
    expect(info.Author).toBe('Centrum voor Criminaliteitspreventie en Veiligheid');
    expect(typeof info.CreationDate).toBe('string');
  });

  it('puts the network and "Pagina X van Y" at the foot of every page of a long verslag', async () => {
    const layout = withBody(Array.from({ length: 300 }, (_, n) => paragraph(sentence(n + 1))));
    const pages = await pagesOf(await reportToPdf(layout));
    expect(pages.length).toBeGreaterThan(5);
    pages.forEach((page, i) => {
      expect(page).toContain(`Pagina ${i + 1} van ${pages.length}`);
      expect(page).toContain('Netwerk Grote Steden');
    });
    expect(pages.join(' ')).toContain(sentence(300));
  });

  it('never leaves a heading as the last line of a page', async () => {
    const content = Array.from({ length: 60 }, (_, n) => [
      heading(n % 2 === 0 ? 3 : 4, `Kop ${n}`),
      ...Array.from({ length: 1 + (n % 4) }, (_, m) => paragraph(sentence(n * 10 + m))),
    ]).flat();
    const pages = await linesOf(await reportToPdf(withBody(content, { statements: [], afspraken: [] })));
    expect(pages.length).toBeGreaterThan(3);
    for (const lines of pages.slice(0, -1)) {
      // The last line is the footer; the one above it is the last of the text.
      expect(lines.at(-1)).toMatch(/Pagina \d+ van \d+/);
      expect(lines.at(-2)).not.toMatch(/^Kop \d+$/);
    }
  });

  it('moves a table row whole to the next page and repeats the header row there', async () => {
    const cell = (type: string, text: string) => ({ type, content: [paragraph(text)] });
    const rows = Array.from({ length: 70 }, (_, n) => ({
      type: 'tableRow',
      content: [
        cell('tableCell', `Rij ${n} begint`),
        cell('tableCell', `eerste regel\ntweede regel\nRij ${n} eindigt`),
      ],
    }));
    const table = {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Kolom A'), cell('tableHeader', 'Kolom B')] },
        ...rows,
      ],
    };
    const pages = await pagesOf(await reportToPdf(withBody([table], { statements: [], afspraken: [] })));
    const tablePages = pages.filter((page) => page.includes('Rij '));
    expect(tablePages.length).toBeGreaterThan(1);
    for (const page of tablePages) expect(page).toContain('Kolom A Kolom B');
    for (let n = 0; n < 70; n++) {
      const page = pages.findIndex((text) => text.includes(`Rij ${n} begint`));
      expect(pages[page]).toContain(`Rij ${n} eindigt`);
    }
  });

  it('draws hostile text without throwing: control characters, emoji, markup, endless words', async () => {
    const hostile = `Stel\u0000len\u0007 <script>alert(1)</script> 👍🏽 ok 🇳🇱 € “quote” ${'x'.repeat(3000)} 中文 e\u0301n`;
    const layout = withBody(
      [
        heading(3, `Kop ${hostile}`),
        paragraph(hostile),
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'link', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
            { type: 'hardBreak' },
            { type: 'text', text: 'vet', marks: [{ type: 'bold' }, { type: 'italic' }, { type: 'code' }] },
          ],
        },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'bulletList', content: [] }] }] },
        {
          type: 'table',
          content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [paragraph(hostile)] }] }],
        },
        { type: 'image', attrs: { src: 'data:image/png;base64,AAAA', alt: hostile } },
        { type: 'unknownNode', content: [paragraph('onbekend blok')] },
      ],
      {
        network: `Netwerk\u0000 🎉`,
        title: `Titel\u0001 <b>${hostile.slice(0, 80)}`,
        themes: [hostile],
        author: 'Auteur\u0000',
        statements: [{ text: hostile, votes: { agree: Number.NaN, neutral: -3, disagree: 1e9 } }],
        afspraken: [{ description: hostile, owner: '🙂', dueDate: 'morgen', status: 'open' }],
      },
    );
    const pages = await pagesOf(await reportToPdf(layout));
    const text = pages.join(' ');
    expect(text).toContain('Stellen <script>alert(1)</script> ? ok ?? € “quote”');
    expect(text).toContain('[Afbeelding: Stellen <script>');
    expect(text).toContain(`Stelling: Stellen <script>alert(1)</script> ? ok ?? € “quote” ${'x'.repeat(20)}`);
    expect(text).toContain('?? én');
    expect(text).toContain('onbekend blok');
    expect(text).toContain('morgen');
    expect(pages.at(-1)).toContain(`Pagina ${pages.length} van ${pages.length}`);
  });
});

import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { RichTextDocument } from './document.ts';
import { netwerkdagUtrecht, OWN_IMAGE_SOURCE } from './fixtures/netwerkdag-utrecht.ts';
import {
  allElements,
  markedTexts,
  operations,
  pageContents,
  pdfObjects,
  type ReadElement,
  referenced,
  structureOf,
} from './pdf-test-reader.ts';
import type { ReportLayout } from './report-layout.ts';
import { reportToPdf } from './to-pdf.ts';

const paragraph = (text: string): RichTextDocument => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const cell = (type: string, text: string) => ({ type, content: [paragraph(text)] });
const withBody = (content: RichTextDocument[], changes: Partial<ReportLayout> = {}): ReportLayout => ({
  ...netwerkdagUtrecht,
  body: { type: 'doc', content },
  ...changes,
});

/** The elements of the whole document in reading order; one that runs over pages is there once a page. */
async function elementsOf(pdf: Uint8Array): Promise<ReadElement[]> {
  return (await structureOf(pdf)).flatMap(allElements);
}

const textsOf = (elements: ReadElement[], role: string) =>
  elements.filter((element) => element.role === role).map((element) => element.text);

describe('reportToPdf for screen readers', () => {
  it('declares a tagged PDF 1.7 in Dutch that shows its title', async () => {
    const pdf = await reportToPdf(netwerkdagUtrecht);
    const objects = pdfObjects(pdf);
    const catalog = [...objects.values()].find((object) => object.includes('/Type /Catalog')) ?? '';
    expect(Buffer.from(pdf.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.7');
    expect(catalog).toContain('/Lang (nl-NL)');
    expect(referenced(objects, catalog, 'MarkInfo')).toMatch(/\/Marked true/);
    expect(referenced(objects, catalog, 'StructTreeRoot')).toMatch(/\/Type \/StructTreeRoot/);
    expect(referenced(objects, catalog, 'ViewerPreferences')).toMatch(/\/DisplayDocTitle true/);
  });

  it('writes headings, paragraphs, tables and figures as structure elements, figures with alt text', async () => {
    const objects = [...pdfObjects(await reportToPdf(netwerkdagUtrecht)).values()];
    const types = new Set(objects.flatMap((object) => /\/S \/(\w+)/.exec(object)?.[1] ?? []));
    for (const type of ['Document', 'H1', 'H2', 'H3', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD']) {
      expect(types, type).toContain(type);
    }
    const figures = objects.filter((object) => object.includes('/S /Figure'));
    expect(figures.length).toBe(3);
    for (const figure of figures) expect(figure).toMatch(/\/Alt \(.+\)/);
    expect(figures.join('\n')).toContain('/Alt (Schema van de signalen per wijk)');
  });

  it('reads the title as the one H1, sections and programme items as H2 and the deelsessie as H3', async () => {
    const elements = await elementsOf(await reportToPdf(netwerkdagUtrecht));
    expect(textsOf(elements, 'H1')).toEqual(['Netwerkdag Utrecht 2025']);
    expect(textsOf(elements, 'H2')).toEqual([
      'Presentielijst',
      'Opening en inleiding',
      'Ondermijning in de wijk',
      'Afsluiting',
      'Stellingen',
      'Actielijst',
    ]);
    expect(textsOf(elements, 'H3')).toEqual(['Deelsessie: vastgoed en witwassen']);
    expect(textsOf(elements, 'P')).toContain(
      'De gastgemeente liet zien hoe een wijkteam signalen bundelt. Drie lessen kwamen steeds terug:',
    );
  });

  it('reads the cover facts as a table whose labels head their rows', async () => {
    const pdf = await reportToPdf(netwerkdagUtrecht);
    const [cover] = (await elementsOf(pdf)).filter((element) => element.role === 'Table');
    const rows = cover?.children.map((row) => row.children.map((cell) => `${cell.role} ${cell.text}`));
    expect(rows?.slice(0, 2)).toEqual([
      ['TH Datum', 'TD 10 april 2025'],
      ['TH Locatie', 'TD Stadhuis Utrecht, Stadhuisbrug 1'],
    ]);
    const headers = [...pdfObjects(pdf).values()].filter((object) => object.includes('/S /TH'));
    expect(headers.filter((object) => /\/Scope \/Row/.test(object)).length).toBe(5);
    expect(headers.filter((object) => /\/Scope \/Column/.test(object)).length).toBe(3 + 5 + 4);
  });

  it('reads a list as items, each its number and its text, with a nested list inside its item', async () => {
    const pdf = await reportToPdf(netwerkdagUtrecht);
    const elements = await elementsOf(pdf);
    const [list] = elements.filter((element) => element.role === 'L');
    const items = list?.children.map((item) => item.children.map((part) => `${part.role}: ${part.text}`));
    expect(items?.[0]).toEqual(['Lbl: 1.', 'LBody: Begin bij de signalen die buurtbewoners al geven.']);
    const nested = list?.children[1]?.children[1]?.children.find((child) => child.role === 'L');
    expect(nested?.children.map((item) => item.text)).toEqual([
      '– convenant met politie en belastingdienst',
      '– één contactpersoon per wijk',
    ]);
    const lists = [...pdfObjects(pdf).values()].filter((object) => object.includes('/S /L\n'));
    expect(lists.map((object) => /\/ListNumbering \/(\w+)/.exec(object)?.[1]).sort()).toEqual(['Decimal', 'Disc']);
  });

  it('reads the header row of every table as column headers', async () => {
    const tables = (await elementsOf(await reportToPdf(netwerkdagUtrecht))).filter((e) => e.role === 'Table');
    const headerRows = tables.slice(1).map((table) => table.children[0]?.children.map((c) => `${c.role} ${c.text}`));
    expect(headerRows).toEqual([
      ['TH Signaal', 'TH Wie ziet het', 'TH Aantal'],
      ['TH Stelling', 'TH Eens', 'TH Neutraal', 'TH Oneens', 'TH Totaal'],
      ['TH Wat', 'TH Wie', 'TH Wanneer', 'TH Status'],
    ]);
  });

  it("reads each stelling's bar chart as a figure whose description gives the counts", async () => {
    const elements = await elementsOf(await reportToPdf(netwerkdagUtrecht));
    const charts = elements.filter((element) => element.role === 'Figure').map((figure) => figure.alt);
    expect(charts).toContain(
      'Stelling 1: Elke gemeente heeft een vast aanspreekpunt voor ondermijning nodig. Eens: 28, Neutraal: 9, Oneens: 5.',
    );
    expect(charts).toContain(
      'Stelling 2: Informatie delen met de belastingdienst gaat nu al goed genoeg. Eens: 6, Neutraal: 11, Oneens: 25.',
    );
  });

  it('reads a link as a Link element that holds its words and its annotation', async () => {
    const pdf = await reportToPdf(netwerkdagUtrecht);
    expect(textsOf(await elementsOf(pdf), 'Link')).toContain('de netwerksite');
    const links = [...pdfObjects(pdf).values()].filter((object) => object.includes('/S /Link'));
    expect(links.every((link) => /\/Type \/OBJR/.test(link))).toBe(true);
  });

  it('passes over the footer and page numbers: they are pagination artifacts, outside the structure', async () => {
    const pdf = await reportToPdf(netwerkdagUtrecht);
    const proxy = await getDocumentProxy(pdf.slice());
    for (let n = 1; n <= proxy.numPages; n++) {
      const items = (await (await proxy.getPage(n)).getTextContent({ includeMarkedContent: true })).items;
      expect(markedTexts(items).get('Artifact')).toContain(`Pagina ${n} van ${proxy.numPages}`);
    }
    const read = (await elementsOf(pdf)).map((element) => element.text).join(' ');
    expect(read).not.toContain('Pagina');
    for (const content of pageContents(pdf)) expect(content).toContain('/Artifact <<\n/Type /Pagination\n>> BDC');
  });

  it('reads a table header repeated on a next page once', async () => {
    const rows = Array.from({ length: 70 }, (_, n) => ({
      type: 'tableRow',
      content: [cell('tableCell', `Rij ${n}`), cell('tableCell', `eerste regel\ntweede regel\nderde regel`)],
    }));
    const table = {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Kolom A'), cell('tableHeader', 'Kolom B')] },
        ...rows,
      ],
    };
    const pdf = await reportToPdf(withBody([table], { statements: [], afspraken: [] }));
    const pages = await structureOf(pdf);
    expect(pages.length).toBeGreaterThan(2);
    const headers = pages.flatMap(allElements).filter((element) => element.role === 'TH');
    expect(headers.map((header) => header.text).filter((text) => text.startsWith('Kolom'))).toEqual([
      'Kolom A',
      'Kolom B',
    ]);
    expect(pages.flatMap(allElements).filter((element) => element.role === 'TR').length).toBe(71 + 5);
  });

  it('draws nothing outside an element or an artifact, and never nests them, on any page', async () => {
    const long = 'Een alinea die over meer regels loopt dan er op de pagina passen. '.repeat(400);
    const code = { type: 'codeBlock', content: [{ type: 'text', text: 'regel\n'.repeat(30) }] };
    const quote = { type: 'blockquote', content: [paragraph('Een citaat.'), paragraph('Nog een.')] };
    const list = {
      type: 'bulletList',
      content: Array.from({ length: 40 }, (_, n) => ({ type: 'listItem', content: [paragraph(`Punt ${n}`)] })),
    };
    const rows = Array.from({ length: 50 }, (_, n) => ({ type: 'tableRow', content: [cell('tableCell', `Rij ${n}`)] }));
    const body = [
      ...netwerkdagUtrecht.body.content!,
      paragraph(long),
      code,
      quote,
      { type: 'horizontalRule' },
      list,
      { type: 'table', content: [{ type: 'tableRow', content: [cell('tableHeader', 'Kop')] }, ...rows] },
      { type: 'table', content: [{ type: 'tableRow', content: [cell('tableCell', long)] }] },
      { type: 'image', attrs: { src: OWN_IMAGE_SOURCE, alt: long } },
    ];
    const pages = pageContents(await reportToPdf(withBody(body)));
    expect(pages.length).toBeGreaterThan(8);
    pages.forEach((content, page) => {
      const steps = operations(content);
      const drawing = ['TJ', 'Tj', 'Do', 'f', 'f*', 'S', 'B', 'b', 'B*'];
      expect(
        steps.filter((step) => drawing.includes(step.operator) && step.depth === 0).map((s) => s.line),
        `page ${page}`,
      ).toEqual([]);
      expect(Math.max(...steps.map((step) => step.depth)), `page ${page}`).toBe(1);
      expect(steps.at(-1)?.depth ?? 0, `page ${page}`).toBe(0);
      expect(steps.filter((step) => step.operator === 'EMC').length).toBe(
        steps.filter((step) => step.operator === 'BDC' || step.operator === 'BMC').length,
      );
    });
  });
});

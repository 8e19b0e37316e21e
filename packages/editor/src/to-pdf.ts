import PDFDocument from 'pdfkit';
import { drawBody } from './pdf-body.ts';
import { contentWidth, heading, type Pdf, pdfText, rule, STYLE } from './pdf-drawing.ts';
import { drawStatements } from './pdf-statements.ts';
import { artifact, group, pdfString, type Struct, tableCell, tag } from './pdf-structure.ts';
import { gridTable } from './pdf-table.ts';
import { reportCoverFacts } from './report-cover.ts';
import type { ReportLayout } from './report-layout.ts';
import { reportBody } from './report-outline.ts';
import * as words from './report-words.ts';

/**
 * The verslag as a PDF in house style: the cover block, themes, presentielijst, the body, the stellingen (a table
 * and a bar chart per stelling) and the afspraken table, with the network's name and "Pagina X van Y" at the
 * foot of every page. Drawn with pdfkit and its standard fonts, so it needs no browser and no font files.
 *
 * Tagged, so that a screen reader can read it: one Document element holds, in reading order, the title (the one
 * H1), sections and programme items (H2) and deelsessies (H3), paragraphs, lists, tables and figures with their
 * descriptions; footers and lines are artifacts, which it passes over. Not declared PDF/UA: that also asks for
 * embedded fonts, and the standard fonts are not embedded.
 */
export function reportToPdf(layout: ReportLayout): Promise<Uint8Array> {
  const doc: Pdf = new PDFDocument({
    size: 'A4',
    margins: STYLE.margins,
    bufferPages: true,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'nl-NL',
    displayTitle: true,
    info: {
      Title: pdfString(layout.title),
      ...(layout.author === null ? {} : { Author: pdfString(layout.author) }),
      Subject: pdfString(`${words.REPORT} ${layout.network}`),
      CreationDate: new Date(),
    },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(concat(chunks)));
    doc.on('error', reject);
  });
  doc.font(STYLE.font.regular).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
  const outline = new Map<number, PDFKit.PDFOutline>();
  const root = doc.struct('Document');
  doc.addStructure(root);
  cover(doc, root, layout);
  attendance(doc, root, layout, outline);
  // Empty headings and paragraphs left out, heading levels ranked to the outline: as in every other output.
  drawBody(doc, reportBody(layout.body), { parent: root, outline, images: layout.images });
  if (layout.statements.length > 0) drawStatements(doc, root, layout.statements, outline);
  if (layout.afspraken.length > 0) afspraken(doc, root, layout, outline);
  root.end();
  footers(doc, layout.network);
  doc.end();
  return done;
}

/** The cover block: the network, "Verslag", the title (the document's one H1) and its facts as a table. */
function cover(doc: Pdf, root: Struct, layout: ReportLayout): void {
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  tag(doc, root, 'P', () => {
    doc.font(STYLE.font.bold).fontSize(11).fillColor(STYLE.colour.muted);
    doc.text(pdfText(layout.network).toUpperCase(), x, doc.y, { width, characterSpacing: 0.5 });
  });
  doc.moveDown(0.6);
  tag(doc, root, 'P', () =>
    doc.font(STYLE.font.regular).fontSize(13).fillColor(STYLE.colour.muted).text(words.REPORT, { width }),
  );
  tag(doc, root, 'H1', () => {
    doc.font(STYLE.font.bold).fontSize(STYLE.size.title).fillColor(STYLE.colour.accent);
    doc.text(pdfText(layout.title), { width, lineGap: 2 });
  });
  doc.moveDown(0.5);
  coverFacts(doc, root, layout);
  doc.moveDown(0.4);
  artifact(doc, () => rule(doc, x, width, 1, STYLE.colour.accent));
  doc.y += 10;
  doc.x = x;
  doc.font(STYLE.font.regular).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
}

/** The cover's facts, a label and a value a line: read as a table whose label heads its row. */
function coverFacts(doc: Pdf, root: Struct, layout: ReportLayout): void {
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  // The network stands above the title already.
  const facts = reportCoverFacts(layout).filter(([label]) => label !== words.NETWORK);
  const labelWidth = 92;
  const table = group(doc, root, 'Table');
  for (const [label, value] of facts) {
    const y = doc.y;
    let labelBottom = y;
    const row = group(doc, table, 'TR');
    const drawLabel = () => {
      doc.font(STYLE.font.bold).fontSize(STYLE.size.body).fillColor(STYLE.colour.muted);
      doc.text(label, x, y, { width: labelWidth - 8 });
      labelBottom = doc.y;
    };
    const final = label === words.STATUS && layout.status.final;
    const drawValue = () => {
      doc
        .font(label === words.STATUS ? STYLE.font.bold : STYLE.font.regular)
        .fillColor(final ? '#1b6e3a' : STYLE.colour.text);
      doc.text(pdfText(value), x + labelWidth, y, { width: width - labelWidth, lineGap: STYLE.lineGap });
    };
    tableCell(doc, row, drawLabel, { header: 'Row' });
    tableCell(doc, row, drawValue, { header: null });
    row.end();
    doc.y = Math.max(doc.y, labelBottom) + 2;
  }
  table.end();
}

/** The presentielijst: the organisations always, the names where the secretariaat has chosen to show them. */
function attendance(doc: Pdf, root: Struct, layout: ReportLayout, outline: Map<number, PDFKit.PDFOutline>): void {
  const { organisations, names } = layout.attendance;
  if (organisations.length === 0 && (names === null || names.length === 0)) return;
  heading(doc, root, words.ATTENDANCE, 1, outline);
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  const line = (label: string, values: string[]) => {
    tag(doc, root, 'P', () => {
      doc.font(STYLE.font.bold).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
      doc.text(`${label} (${values.length}): `, x, doc.y, { width, continued: true, lineGap: STYLE.lineGap });
      doc.font(STYLE.font.regular).text(pdfText(values.join(', ')), { lineGap: STYLE.lineGap });
    });
    doc.y += STYLE.paragraphGap;
  };
  if (organisations.length > 0) line(words.ORGANISATIONS, organisations);
  if (names !== null && names.length > 0) line(words.NAMES, names);
}

function afspraken(doc: Pdf, root: Struct, layout: ReportLayout, outline: Map<number, PDFKit.PDFOutline>): void {
  heading(doc, root, words.ACTION_LIST, 1, outline);
  gridTable(doc, root, {
    columns: [5, 2.4, 1.8, 1.3],
    header: [words.WHAT, words.WHO, words.WHEN, words.STATUS],
    rows: layout.afspraken.map((afspraak) =>
      [
        afspraak.description,
        afspraak.owner ?? '',
        afspraak.dueDate === null ? '' : words.formatDutchDate(afspraak.dueDate),
        words.afspraakStatusWord(afspraak.status),
      ].map((text) => ({ text })),
    ),
  });
}

/** The network's name and "Pagina X van Y" at the foot of every page, once the number of pages is known. */
function footers(doc: Pdf, network: string): void {
  const range = doc.bufferedPageRange();
  const name = pdfText(network);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Text below the bottom margin would make pdfkit start a new page; the footer stands in that margin.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const x = doc.page.margins.left;
    const width = contentWidth(doc);
    const y = doc.page.height - bottom + 22;
    // A screen reader reads the text once, not the page furniture around it on every page.
    artifact(
      doc,
      () => {
        doc
          .save()
          .lineWidth(0.5)
          .strokeColor(STYLE.colour.rule)
          .moveTo(x, y - 6)
          .lineTo(x + width, y - 6)
          .stroke()
          .restore();
        doc.font(STYLE.font.regular).fontSize(STYLE.size.small).fillColor(STYLE.colour.muted);
        doc.text(name, x, y, { width: width * 0.7, lineBreak: false, ellipsis: true });
        doc.text(words.pageOf(i - range.start + 1, range.count), x + width * 0.7, y, {
          width: width * 0.3,
          align: 'right',
          lineBreak: false,
        });
      },
      'Pagination',
    );
    doc.page.margins.bottom = bottom;
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

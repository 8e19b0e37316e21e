import PDFDocument from 'pdfkit';
import { drawBody } from './pdf-body.ts';
import { contentWidth, ensureSpace, gridTable, heading, type Pdf, pdfText, rule, STYLE } from './pdf-drawing.ts';
import { reportCoverFacts } from './report-cover.ts';
import type { ReportLayout, ReportStatement } from './report-layout.ts';
import { reportBody } from './report-outline.ts';
import * as words from './report-words.ts';

/** Words of the PDF alone; every other word comes from report-words.ts, shared with the Word and HTML outputs. */
const TOTAL = 'Totaal';

/** Eens, neutraal, oneens: blue, grey and orange-red (Okabe–Ito), told apart by colourblind readers too. */
const VOTE_COLOURS = { agree: '#0072B2', neutral: '#8C8C8C', disagree: '#D55E00' } as const;
const VOTES = ['agree', 'neutral', 'disagree'] as const;
const VOTE_WORDS = { agree: words.AGREE, neutral: words.NEUTRAL, disagree: words.DISAGREE } as const;

/**
 * The verslag as a PDF in house style: the cover block, themes, presentielijst, the body, the stellingen (a table
 * and a bar chart per stelling) and the afspraken table, with the network's name and "Pagina X van Y" at the
 * foot of every page. Drawn with pdfkit and its standard fonts, so it needs no browser and no font files.
 */
export function reportToPdf(layout: ReportLayout): Promise<Uint8Array> {
  const doc: Pdf = new PDFDocument({
    size: 'A4',
    margins: STYLE.margins,
    bufferPages: true,
    lang: 'nl-NL',
    displayTitle: true,
    info: {
      Title: pdfInfo(layout.title),
      ...(layout.author === null ? {} : { Author: pdfInfo(layout.author) }),
      Subject: pdfInfo(`${words.REPORT} ${layout.network}`),
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
  cover(doc, layout);
  attendance(doc, layout, outline);
  // Empty headings and paragraphs left out, heading levels ranked to the outline: as in every other output.
  drawBody(doc, reportBody(layout.body), outline);
  if (layout.statements.length > 0) statements(doc, layout.statements, outline);
  if (layout.afspraken.length > 0) afspraken(doc, layout, outline);
  footers(doc, layout.network);
  doc.end();
  return done;
}

function cover(doc: Pdf, layout: ReportLayout): void {
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  doc.font(STYLE.font.bold).fontSize(11).fillColor(STYLE.colour.muted);
  doc.text(pdfText(layout.network).toUpperCase(), x, doc.y, { width, characterSpacing: 0.5 });
  doc.moveDown(0.6);
  doc.font(STYLE.font.regular).fontSize(13).fillColor(STYLE.colour.muted).text(words.REPORT, { width });
  doc.font(STYLE.font.bold).fontSize(STYLE.size.title).fillColor(STYLE.colour.accent);
  doc.text(pdfText(layout.title), { width, lineGap: 2 });
  doc.moveDown(0.5);
  // The network stands above the title already.
  const facts = reportCoverFacts(layout).filter(([label]) => label !== words.NETWORK);
  const labelWidth = 92;
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font(STYLE.font.bold).fontSize(STYLE.size.body).fillColor(STYLE.colour.muted);
    doc.text(label, x, y, { width: labelWidth - 8 });
    const labelBottom = doc.y;
    const final = label === words.STATUS && layout.status.final;
    doc
      .font(label === words.STATUS ? STYLE.font.bold : STYLE.font.regular)
      .fillColor(final ? '#1b6e3a' : STYLE.colour.text);
    doc.text(pdfText(value), x + labelWidth, y, { width: width - labelWidth, lineGap: STYLE.lineGap });
    doc.y = Math.max(doc.y, labelBottom) + 2;
  }
  doc.moveDown(0.4);
  rule(doc, x, width, 1, STYLE.colour.accent);
  doc.y += 10;
  doc.x = x;
  doc.font(STYLE.font.regular).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
}

/** The presentielijst: the organisations always, the names where the secretariaat has chosen to show them. */
function attendance(doc: Pdf, layout: ReportLayout, outline: Map<number, PDFKit.PDFOutline>): void {
  const { organisations, names } = layout.attendance;
  if (organisations.length === 0 && (names === null || names.length === 0)) return;
  heading(doc, words.ATTENDANCE, 1, outline);
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  const line = (label: string, values: string[]) => {
    doc.font(STYLE.font.bold).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
    doc.text(`${label} (${values.length}): `, x, doc.y, { width, continued: true, lineGap: STYLE.lineGap });
    doc.font(STYLE.font.regular).text(pdfText(values.join(', ')), { lineGap: STYLE.lineGap });
    doc.y += STYLE.paragraphGap;
  };
  if (organisations.length > 0) line(words.ORGANISATIONS, organisations);
  if (names !== null && names.length > 0) line(words.NAMES, names);
}

/** The stellingen as a table of counts, then a bar chart per stelling with each bar labelled by name and count. */
function statements(doc: Pdf, list: ReportStatement[], outline: Map<number, PDFKit.PDFOutline>): void {
  heading(doc, words.STATEMENTS, 1, outline);
  gridTable(doc, {
    columns: [6, 1.3, 1.6, 1.4, 1.3],
    right: [1, 2, 3, 4],
    header: [words.STATEMENT, words.AGREE, words.NEUTRAL, words.DISAGREE, TOTAL],
    rows: list.map((statement) => {
      const { agree, neutral, disagree } = votes(statement);
      return [statement.text, String(agree), String(neutral), String(disagree), String(agree + neutral + disagree)].map(
        (text) => ({ text }),
      );
    }),
  });
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  const labelWidth = 62;
  const countWidth = 30;
  const barHeight = 10;
  const barSpace = barHeight + 5;
  list.forEach((statement, index) => {
    const counts = votes(statement);
    const max = Math.max(1, counts.agree, counts.neutral, counts.disagree);
    const title = `${index + 1}. ${pdfText(statement.text)}`;
    doc.font(STYLE.font.bold).fontSize(STYLE.size.body);
    const titleHeight = doc.heightOfString(title, { width, lineGap: 1 });
    ensureSpace(doc, titleHeight + 4 + VOTES.length * barSpace + 10);
    doc.fillColor(STYLE.colour.text).text(title, x, doc.y + 4, { width, lineGap: 1 });
    doc.y += 4;
    const barWidth = width - labelWidth - countWidth;
    for (const vote of VOTES) {
      const y = doc.y;
      const label = VOTE_WORDS[vote];
      doc.font(STYLE.font.regular).fontSize(STYLE.size.table).fillColor(STYLE.colour.text);
      doc.text(label, x, y + 1, { width: labelWidth - 6, lineBreak: false });
      const length = (counts[vote] / max) * barWidth;
      doc
        .save()
        .rect(x + labelWidth, y, barWidth, barHeight)
        .fill('#f0f0f0')
        .restore();
      if (length > 0)
        doc
          .save()
          .rect(x + labelWidth, y, length, barHeight)
          .fill(VOTE_COLOURS[vote])
          .restore();
      doc.font(STYLE.font.bold).fillColor(STYLE.colour.text);
      doc.text(String(counts[vote]), x + labelWidth + barWidth + 6, y + 1, { lineBreak: false });
      doc.x = x;
      doc.y = y + barSpace;
    }
    doc.y += 8;
  });
  doc.font(STYLE.font.regular).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
}

/** Vote counts as whole, non-negative numbers, whatever the stored layout held. */
function votes(statement: ReportStatement): ReportStatement['votes'] {
  const count = (n: number) => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);
  return {
    agree: count(statement.votes.agree),
    neutral: count(statement.votes.neutral),
    disagree: count(statement.votes.disagree),
  };
}

function afspraken(doc: Pdf, layout: ReportLayout, outline: Map<number, PDFKit.PDFOutline>): void {
  heading(doc, words.ACTION_LIST, 1, outline);
  gridTable(doc, {
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
    doc.page.margins.bottom = bottom;
  }
}

/** Document info holds any Unicode (pdfkit writes it as UTF-16), but no control characters. */
function pdfInfo(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
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

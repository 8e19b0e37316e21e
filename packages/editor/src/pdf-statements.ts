import { contentWidth, ensureSpace, heading, type Pdf, pdfText, STYLE } from './pdf-drawing.ts';
import { pdfString, type Struct, tag } from './pdf-structure.ts';
import { gridTable } from './pdf-table.ts';
import { citiesNote, cityRows, VOTE_COLOURS, VOTE_WORDS, VOTES, voteCounts as votes } from './report-chart.ts';
import type { ReportStatement } from './report-layout.ts';
import * as words from './report-words.ts';

/** Words of the PDF alone; every other word comes from report-words.ts, shared with the Word and HTML outputs. */
const TOTAL = 'Totaal';

const LABEL_WIDTH = 62;
const COUNT_WIDTH = 30;
const BAR_HEIGHT = 10;
const BAR_SPACE = BAR_HEIGHT + 5;

/**
 * The stellingen as a table of counts, then a bar chart per stelling with each bar labelled by name and count.
 * A chart is a figure whose description gives the counts, so that a screen reader says what the bars show.
 */
export function drawStatements(
  doc: Pdf,
  parent: Struct,
  list: ReportStatement[],
  outline: Map<number, PDFKit.PDFOutline>,
): void {
  heading(doc, parent, words.STATEMENTS, 1, outline);
  gridTable(doc, parent, {
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
  for (const [index, statement] of list.entries()) chart(doc, parent, statement, index + 1);
  cities(doc, parent, list);
  doc.font(STYLE.font.regular).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
}

/** The vote per organisation, as the server suppressed it, with the reason some cities are missing. */
function cities(doc: Pdf, parent: Struct, list: ReportStatement[]): void {
  const rows = cityRows(list);
  const note = citiesNote(list);
  if (rows.length === 0 || note === null) return;
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  ensureSpace(doc, 60);
  tag(doc, parent, 'P', () => {
    doc.font(STYLE.font.bold).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
    doc.text(words.CITIES, x, doc.y + 4, { width });
  });
  doc.y += 4;
  gridTable(doc, parent, {
    columns: [4.5, 2.5, 1.3, 1.6, 1.4],
    right: [2, 3, 4],
    header: [words.STATEMENT, words.ORGANISATION, words.AGREE, words.NEUTRAL, words.DISAGREE],
    rows: rows.map((row) => row.map((text) => ({ text }))),
  });
  tag(doc, parent, 'P', () => {
    doc.font(STYLE.font.italic).fontSize(STYLE.size.table).fillColor(STYLE.colour.text);
    doc.text(pdfText(note), x, doc.y + 2, { width, lineGap: 1 });
  });
  doc.y += 6;
}

/** One stelling's title and its three bars, kept together on one page. */
function chart(doc: Pdf, parent: Struct, statement: ReportStatement, n: number): void {
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  const counts = votes(statement);
  const max = Math.max(1, counts.agree, counts.neutral, counts.disagree);
  const title = `${n}. ${pdfText(statement.text)}`;
  doc.font(STYLE.font.bold).fontSize(STYLE.size.body);
  const titleHeight = doc.heightOfString(title, { width, lineGap: 1 });
  ensureSpace(doc, titleHeight + 4 + VOTES.length * BAR_SPACE + 10);
  const alt = `${words.STATEMENT} ${n}: ${statement.text.replace(/\s+/g, ' ').trim()} ${VOTES.map(
    (vote) => `${VOTE_WORDS[vote]}: ${counts[vote]}`,
  ).join(', ')}.`;
  tag(
    doc,
    parent,
    'Figure',
    () => {
      doc.fillColor(STYLE.colour.text).text(title, x, doc.y + 4, { width, lineGap: 1 });
      doc.y += 4;
      const barWidth = width - LABEL_WIDTH - COUNT_WIDTH;
      for (const vote of VOTES) {
        const y = doc.y;
        doc.font(STYLE.font.regular).fontSize(STYLE.size.table).fillColor(STYLE.colour.text);
        doc.text(VOTE_WORDS[vote], x, y + 1, { width: LABEL_WIDTH - 6, lineBreak: false });
        const length = (counts[vote] / max) * barWidth;
        doc
          .save()
          .rect(x + LABEL_WIDTH, y, barWidth, BAR_HEIGHT)
          .fill('#f0f0f0')
          .restore();
        if (length > 0)
          doc
            .save()
            .rect(x + LABEL_WIDTH, y, length, BAR_HEIGHT)
            .fill(VOTE_COLOURS[vote])
            .restore();
        doc.font(STYLE.font.bold).fillColor(STYLE.colour.text);
        doc.text(String(counts[vote]), x + LABEL_WIDTH + barWidth + 6, y + 1, { lineBreak: false });
        doc.x = x;
        doc.y = y + BAR_SPACE;
      }
    },
    { alt: pdfString(alt) },
  );
  doc.y += 8;
}

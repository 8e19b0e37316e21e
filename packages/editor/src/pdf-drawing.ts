import type PDFDocument from 'pdfkit';

/** A pdfkit document, as the PDF renderer's parts draw on it. */
export type Pdf = InstanceType<typeof PDFDocument>;

/**
 * The house style in PDF: A4, one sans family, readable spacing. The 14 standard fonts need no font file (so the
 * server needs nothing but Node), and Helvetica's WinAnsi encoding covers Dutch (é ë ï) and € – — ‘ ’.
 */
export const STYLE = {
  margins: { top: 56, bottom: 64, left: 62, right: 62 },
  font: {
    regular: 'Helvetica',
    bold: 'Helvetica-Bold',
    italic: 'Helvetica-Oblique',
    boldItalic: 'Helvetica-BoldOblique',
  },
  code: { regular: 'Courier', bold: 'Courier-Bold', italic: 'Courier-Oblique', boldItalic: 'Courier-BoldOblique' },
  size: { body: 10.5, small: 8.5, table: 9.5, code: 9.5, title: 22, heading: [16, 13, 11.5, 10.5, 10.5, 10.5] },
  lineGap: 2.5,
  paragraphGap: 6,
  colour: { text: '#1a1a1a', muted: '#555555', accent: '#1f4e79', link: '#1a55a5', rule: '#9a9a9a', header: '#e8edf2' },
} as const;

/** Characters WinAnsi holds at 0x80–0x9F, beyond Latin-1. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
/** Look-alikes of characters WinAnsi has, so that common typography survives instead of becoming '?'. */
const LOOK_ALIKES: Record<string, string> = {
  '\u0132': 'IJ',
  '\u0133': 'ij',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2044': '/',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': '\u00a0',
};
/** Invisible characters that only shape others (joiners, variation selectors, skin tones, combining marks left). */
const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}]|\p{Emoji_Modifier}/gu;

/**
 * Text the standard fonts can draw. A stored document may come from any client: control characters are dropped,
 * tabs become spaces (line feeds too, unless `keepLines`), and what WinAnsi cannot encode (emoji, Greek, CJK …)
 * becomes '?', rather than a wrong glyph or an exception from the font encoder.
 */
export function pdfText(text: string, keepLines = false): string {
  let out = '';
  for (const char of text.normalize('NFC').replace(INVISIBLE, '')) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\n') out += keepLines ? '\n' : ' ';
    else if (char === '\t') out += ' ';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else if (code <= 0xff || WIN_ANSI_EXTRA.has(char)) out += char;
    else out += LOOK_ALIKES[char] ?? '?';
  }
  return out;
}

/** The font for a combination of bold and italic, in the sans family or (for code) the monospace one. */
export function fontFor(bold: boolean, italic: boolean, code = false): string {
  const family = code ? STYLE.code : STYLE.font;
  return bold ? (italic ? family.boldItalic : family.bold) : italic ? family.italic : family.regular;
}

/** The width between the page's margins. */
export function contentWidth(doc: Pdf): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Starts a new page unless `height` points still fit above the bottom margin. */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > doc.page.maxY()) doc.addPage();
}

/**
 * A heading at an outline depth (1 = top), kept with the first lines after it: a heading is never left alone at
 * the foot of a page. Depths 1 and 2 are also bookmarks in the PDF's outline.
 */
export function heading(doc: Pdf, text: string, depth: number, outline?: Map<number, PDFKit.PDFOutline>): void {
  const size = STYLE.size.heading[Math.min(5, Math.max(0, depth - 1))] ?? STYLE.size.body;
  const value = pdfText(text);
  doc.font(STYLE.font.bold).fontSize(size);
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  const spaceAbove = depth === 1 ? 14 : 10;
  const height = doc.heightOfString(value, { width });
  ensureSpace(doc, spaceAbove + height + 4 * STYLE.size.body);
  if (doc.y > doc.page.margins.top) doc.y += spaceAbove;
  doc.fillColor(depth <= 2 ? STYLE.colour.accent : STYLE.colour.text);
  doc.text(value, x, doc.y, { width, lineGap: 1 });
  doc.y += depth === 1 ? 5 : 3;
  doc.fillColor(STYLE.colour.text).font(STYLE.font.regular).fontSize(STYLE.size.body);
  if (outline !== undefined && depth <= 2) {
    const parent = depth === 1 ? doc.outline : (outline.get(1) ?? doc.outline);
    outline.set(depth, parent.addItem(value));
  }
}

export interface GridTable {
  /** Relative column widths (for example [3, 2, 1]). */
  columns: number[];
  /** Right-aligned columns (counts), by index. */
  right?: number[];
  /** The header row, repeated at the top of every page the table runs onto. */
  header: string[] | null;
  /** The rows, each a cell per column; a cell may span columns. */
  rows: { text: string; span?: number }[][];
  x?: number;
  width?: number;
}

const CELL_PADDING = 4;

/**
 * A simple grid table whose text wraps within its cells. Each row is measured before it is drawn: a row that does
 * not fit goes whole to the next page, where the header row is drawn again. (pdfkit's own table moves rows too, but
 * does not repeat the header.) Only a row taller than a whole page is clipped, by pdfkit.
 */
export function gridTable(doc: Pdf, table: GridTable): void {
  const x = table.x ?? doc.page.margins.left;
  const width = table.width ?? contentWidth(doc) - (x - doc.page.margins.left);
  const total = table.columns.reduce((sum, column) => sum + column, 0) || 1;
  const widths = table.columns.map((column) => (column / total) * width);
  const drawRow = (cells: { text: string; span?: number }[], header: boolean) => {
    const font = header ? STYLE.font.bold : STYLE.font.regular;
    doc.font(font).fontSize(STYLE.size.table);
    let column = 0;
    const spans = cells.map((cell) => {
      const span = Math.max(1, Math.min(cell.span ?? 1, widths.length - column));
      const cellWidth = widths.slice(column, column + span).reduce((sum, w) => sum + w, 0);
      const right = span === 1 && (table.right ?? []).includes(column);
      column += span;
      return { text: pdfText(cell.text, true), span, cellWidth, right };
    });
    const height =
      Math.max(
        STYLE.size.table,
        ...spans.map((cell) => doc.heightOfString(cell.text, { width: cell.cellWidth - 2 * CELL_PADDING, lineGap: 1 })),
      ) +
      2 * CELL_PADDING +
      2;
    return { spans, height, font, header };
  };
  const render = (row: ReturnType<typeof drawRow>) => {
    doc.table({
      position: { x, y: doc.y },
      maxWidth: width,
      columnStyles: widths,
      defaultStyle: {
        padding: [CELL_PADDING, CELL_PADDING, CELL_PADDING, CELL_PADDING],
        border: 0.5,
        borderColor: STYLE.colour.rule,
        textColor: STYLE.colour.text,
        ...(row.header ? { backgroundColor: STYLE.colour.header } : {}),
      },
      data: [
        row.spans.map((cell) => ({
          text: cell.text,
          colSpan: cell.span,
          font: { src: row.font, size: STYLE.size.table },
          textOptions: { lineGap: 1 },
          ...(cell.right ? { align: { x: 'right' as const, y: 'top' as const } } : {}),
          ...(row.header ? { type: 'TH' as const } : {}),
        })),
      ],
    });
    doc.x = doc.page.margins.left;
  };
  const header =
    table.header === null
      ? null
      : drawRow(
          table.header.map((text) => ({ text })),
          true,
        );
  const rows = table.rows.map((row) => drawRow(row, false));
  const pageSpace = doc.page.maxY() - doc.page.margins.top - (header?.height ?? 0);
  // The header with at least the first row, so that a header never stands alone at the foot of a page.
  const first = rows[0]?.height ?? 0;
  ensureSpace(doc, (header?.height ?? 0) + (first > pageSpace ? 0 : first));
  if (header !== null) render(header);
  for (const [index, row] of rows.entries()) {
    if (row.height > pageSpace) {
      // Taller than a page: a grid row cannot break, and pdfkit would clip it. Its cells run on as text instead,
      // each under its column's name, so that nothing of it is lost.
      flowingRow(doc, table.rows[index] ?? [], table.header, x, width);
      if (header !== null && index < rows.length - 1) {
        ensureSpace(doc, header.height + (rows[index + 1]?.height ?? 0));
        render(header);
      }
      continue;
    }
    if (doc.y + row.height > doc.page.maxY()) {
      doc.addPage();
      if (header !== null) render(header);
    }
    render(row);
  }
  doc.font(STYLE.font.regular).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
  doc.y += STYLE.paragraphGap;
}

/** A horizontal rule across the text's width at the current line, in a colour and a weight of the house style. */
export function rule(doc: Pdf, x: number, width: number, weight: number, colour: string): void {
  doc
    .save()
    .lineWidth(weight)
    .strokeColor(colour)
    .moveTo(x, doc.y)
    .lineTo(x + width, doc.y)
    .stroke()
    .restore();
}

/** A table row as consecutive paragraphs, "Column: text", framed by rules, breaking across pages like any text. */
function flowingRow(doc: Pdf, cells: { text: string }[], header: string[] | null, x: number, width: number): void {
  const separate = () => {
    rule(doc, x, width, 0.5, STYLE.colour.rule);
    doc.y += CELL_PADDING;
  };
  separate();
  cells.forEach((cell, i) => {
    const label = header?.[i];
    doc.fillColor(STYLE.colour.text).fontSize(STYLE.size.table);
    if (label)
      doc
        .font(STYLE.font.bold)
        .text(`${pdfText(label)}: `, x + CELL_PADDING, doc.y, { continued: true, width: width - 2 * CELL_PADDING });
    doc.font(STYLE.font.regular).text(pdfText(cell.text, true), label ? {} : { width: width - 2 * CELL_PADDING });
    doc.y += CELL_PADDING;
  });
  separate();
  doc.x = doc.page.margins.left;
}

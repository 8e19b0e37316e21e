import { contentWidth, ensureSpace, type Pdf, pdfText, rule, STYLE } from './pdf-drawing.ts';
import { artifact, group, type Struct, tableCell, tag } from './pdf-structure.ts';

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

/** A row measured for the page: its cells where they stand, and its height. */
interface Row {
  cells: { text: string; span: number; x: number; width: number; right: boolean }[];
  height: number;
  header: boolean;
}

const CELL_PADDING = 4;

/**
 * A simple grid table whose text wraps within its cells, tagged as a Table of rows of header and data cells.
 * Each row is measured before it is drawn: a row that does not fit goes whole to the next page, where the header
 * row is drawn again (as an artifact: a screen reader has read it once). A row taller than a whole page runs on
 * as text, each cell under its column's name, so that nothing of it is lost.
 */
export function gridTable(doc: Pdf, parent: Struct, table: GridTable): void {
  const x = table.x ?? doc.page.margins.left;
  const width = table.width ?? contentWidth(doc) - (x - doc.page.margins.left);
  const total = table.columns.reduce((sum, column) => sum + column, 0) || 1;
  const widths = table.columns.map((column) => (column / total) * width);
  const measure = (cells: GridTable['rows'][number], header: boolean): Row => {
    doc.font(header ? STYLE.font.bold : STYLE.font.regular).fontSize(STYLE.size.table);
    let column = 0;
    let left = x;
    const measured = cells.map((cell) => {
      const span = Math.max(1, Math.min(cell.span ?? 1, widths.length - column));
      const cellWidth = widths.slice(column, column + span).reduce((sum, w) => sum + w, 0);
      const right = span === 1 && (table.right ?? []).includes(column);
      const out = { text: pdfText(cell.text, true), span, x: left, width: cellWidth, right };
      column += span;
      left += cellWidth;
      return out;
    });
    const heights = measured.map((cell) =>
      doc.heightOfString(cell.text, { width: cell.width - 2 * CELL_PADDING, lineGap: 1 }),
    );
    return { cells: measured, height: Math.max(STYLE.size.table, ...heights) + 2 * CELL_PADDING + 2, header };
  };
  const header =
    table.header === null
      ? null
      : measure(
          table.header.map((text) => ({ text })),
          true,
        );
  const rows = table.rows.map((row) => measure(row, false));
  const element = group(doc, parent, 'Table');
  const pageSpace = doc.page.maxY() - doc.page.margins.top - (header?.height ?? 0);
  // The header with at least the first row, so that a header never stands alone at the foot of a page.
  const first = rows[0]?.height ?? 0;
  ensureSpace(doc, (header?.height ?? 0) + (first > pageSpace ? 0 : first));
  if (header !== null) drawRow(doc, header, element);
  for (const [index, row] of rows.entries()) {
    if (row.height > pageSpace) {
      // A grid row cannot break, and pdfkit would clip it.
      flowingRow(doc, element, table.rows[index] ?? [], table.header, x, width);
      if (header !== null && index < rows.length - 1) {
        ensureSpace(doc, header.height + (rows[index + 1]?.height ?? 0));
        drawRow(doc, header, null);
      }
      continue;
    }
    if (doc.y + row.height > doc.page.maxY()) {
      doc.addPage();
      if (header !== null) drawRow(doc, header, null);
    }
    drawRow(doc, row, element);
  }
  element.end();
  doc.font(STYLE.font.regular).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
  doc.y += STYLE.paragraphGap;
}

/**
 * A row at the current position: its grid lines and shading as artifacts, each cell's text a header or data
 * cell of a row of `table`; without a table (a header row repeated on a next page), all of it an artifact.
 */
function drawRow(doc: Pdf, row: Row, table: Struct | null): void {
  const y = doc.y;
  artifact(doc, () => {
    for (const cell of row.cells) {
      doc.save();
      if (row.header) doc.rect(cell.x, y, cell.width, row.height).fill(STYLE.colour.header);
      doc.rect(cell.x, y, cell.width, row.height).lineWidth(0.5).stroke(STYLE.colour.rule);
      doc.restore();
    }
  });
  const text = (cell: Row['cells'][number]) => () =>
    doc
      .font(row.header ? STYLE.font.bold : STYLE.font.regular)
      .fontSize(STYLE.size.table)
      .fillColor(STYLE.colour.text)
      .text(cell.text, cell.x + CELL_PADDING, y + CELL_PADDING, {
        width: cell.width - 2 * CELL_PADDING,
        lineGap: 1,
        align: cell.right ? 'right' : 'left',
      });
  if (table === null) {
    artifact(
      doc,
      () => {
        for (const cell of row.cells) text(cell)();
      },
      'Pagination',
    );
  } else {
    const tr = group(doc, table, 'TR');
    for (const cell of row.cells)
      tableCell(doc, tr, text(cell), { header: row.header ? 'Column' : null, span: cell.span });
    tr.end();
  }
  doc.x = doc.page.margins.left;
  doc.y = y + row.height;
}

/** A table row as consecutive paragraphs, "Column: text", framed by rules, breaking across pages like any text. */
function flowingRow(
  doc: Pdf,
  table: Struct,
  cells: { text: string }[],
  header: string[] | null,
  x: number,
  width: number,
): void {
  const separate = () => {
    artifact(doc, () => rule(doc, x, width, 0.5, STYLE.colour.rule));
    doc.y += CELL_PADDING;
  };
  const tr = group(doc, table, 'TR');
  separate();
  cells.forEach((cell, i) => {
    const label = header?.[i];
    tag(doc, tr, 'TD', () => {
      doc.fillColor(STYLE.colour.text).fontSize(STYLE.size.table);
      if (label)
        doc
          .font(STYLE.font.bold)
          .text(`${pdfText(label)}: `, x + CELL_PADDING, doc.y, { continued: true, width: width - 2 * CELL_PADDING });
      doc.font(STYLE.font.regular).text(pdfText(cell.text, true), label ? {} : { width: width - 2 * CELL_PADDING });
    });
    doc.y += CELL_PADDING;
  });
  tr.end();
  separate();
  doc.x = doc.page.margins.left;
}

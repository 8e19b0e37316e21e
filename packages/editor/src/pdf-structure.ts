import type { Pdf } from './pdf-drawing.ts';

/**
 * A node of the PDF's structure tree: what a screen reader reads, in reading order, and as what (a heading, a
 * paragraph, a list, a table, a figure).
 */
export type Struct = PDFKit.PDFStructureElement;

declare global {
  namespace PDFKit {
    // pdfkit keeps an element's PDF dictionary here; @types/pdfkit does not list it. The renderer writes a
    // table cell's attributes (scope, column span) into it.
    interface PDFStructureElement {
      dictionary: { data: Record<string, unknown> };
    }
  }
  namespace PDFKit.Mixins {
    // Options pdfkit supports and @types/pdfkit does not list yet: a figure's box on the page, in points from
    // the top left as pdfkit draws, and how it stands in the text.
    interface StructureElementOptions {
      bbox?: [number, number, number, number];
      placement?: 'Block' | 'Inline';
    }
  }
}

/**
 * Adds an element to `parent` whose content is what `draw` draws, as one marked sequence. pdfkit cannot nest
 * marked sequences, so `draw` must not add elements or artifacts itself, nor call addPage; text that runs onto a
 * next page is carried over by pdfkit. Break pages before, with `ensureSpace`.
 */
export function tag(
  doc: Pdf,
  parent: Struct,
  type: string,
  draw: () => void,
  options: PDFKit.Mixins.StructureElementOptions = {},
): void {
  // The parent is in the tree already, so pdfkit draws the closure now, in reading order.
  parent.add(doc.struct(type, options, draw));
}

/** Adds an element that holds other elements (a list, a table row, a quote); the caller ends it once it is full. */
export function group(
  doc: Pdf,
  parent: Struct,
  type: string,
  options: PDFKit.Mixins.StructureElementOptions = {},
): Struct {
  const element = doc.struct(type, options);
  parent.add(element);
  return element;
}

/**
 * A table cell, its text drawn by `draw`: a header cell says whether it names its column or its row, so that a
 * screen reader announces it with every cell it heads; a cell across columns says how many.
 */
export function tableCell(
  doc: Pdf,
  row: Struct,
  draw: () => void,
  cell: { header: 'Column' | 'Row' | null; span?: number },
): void {
  const element = doc.struct(cell.header === null ? 'TD' : 'TH', {}, draw);
  const span = cell.span ?? 1;
  attributes(element, 'Table', {
    ...(cell.header === null ? {} : { Scope: cell.header }),
    ...(span > 1 ? { ColSpan: span } : {}),
  });
  row.add(element);
}

/**
 * Sets an element's attributes of one owner (a table cell's scope, a list's numbering), before it is written:
 * pdfkit writes an element once it has ended and all its children have.
 */
export function attributes(element: Struct, owner: 'Table' | 'List', values: Record<string, string | number>): void {
  if (Object.keys(values).length > 0) element.dictionary.data.A = { O: owner, ...values };
}

/**
 * Draws what is not part of the text — page footers, rules, cell borders and shading, a header row repeated on
 * a next page — as an artifact, which screen readers pass over. Like `tag`, it cannot hold tagged content.
 */
export function artifact(doc: Pdf, draw: () => void, type: 'Pagination' | 'Layout' = 'Layout'): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

/** A PDF text string (document info, alt text) holds any Unicode (pdfkit writes it as UTF-16), but no controls. */
export function pdfString(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

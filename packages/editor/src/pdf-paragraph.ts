import { type RichTextDocument, safeLinkUrl } from './document.ts';
import { contentWidth, ensureSpace, fontFor, type Pdf, pdfText, STYLE } from './pdf-drawing.ts';
import type { Struct } from './pdf-structure.ts';

/** Where a block stands: how far in from the left margin, inside a quote or a list how deep, and in which element. */
export interface Place {
  indent: number;
  quote: boolean;
  listDepth: number;
  parent: Struct;
}

/** A run of text with one set of marks. */
export interface Segment {
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  code: boolean;
  link: string | null;
}

/**
 * Starts a new page unless two lines of the runs fit on this one, so that a paragraph does not leave one line
 * behind at the foot; returns where they start.
 */
export function makeRoom(doc: Pdf, parts: Segment[], place: Place): number {
  const width = contentWidth(doc) - place.indent;
  doc.font(STYLE.font.regular).fontSize(STYLE.size.body);
  const lineHeight = doc.currentLineHeight(true) + STYLE.lineGap;
  const text = parts.map((part) => part.text).join('');
  ensureSpace(doc, Math.min(2 * lineHeight, doc.heightOfString(text, { width, lineGap: STYLE.lineGap })));
  return doc.y;
}

/**
 * The runs from `y` on, with their marks, as a paragraph (P) of `place.parent`; a link is underlined, clickable
 * and a Link element, so that a screen reader announces it and finds its annotation with its words.
 */
export function drawRuns(doc: Pdf, parts: Segment[], place: Place, y: number): void {
  const x = doc.page.margins.left + place.indent;
  const width = contentWidth(doc) - place.indent;
  const children = parts.map((part, i) => {
    const draw = () => {
      doc
        .font(fontFor(part.bold, part.italic || place.quote, part.code))
        .fontSize(part.code ? STYLE.size.code : STYLE.size.body)
        .fillColor(part.link !== null ? STYLE.colour.link : place.quote ? STYLE.colour.muted : STYLE.colour.text);
      // Every option is given on every run: pdfkit carries unset options over from the previous continued run.
      const options = {
        width,
        lineGap: STYLE.lineGap,
        continued: i < parts.length - 1,
        underline: part.underline || part.link !== null,
        strike: part.strike,
        link: part.link,
      };
      if (i === 0) doc.text(part.text, x, y, options);
      else doc.text(part.text, options);
    };
    // Each run its own marked sequence: a continued run draws its part of a line before the next one starts.
    return part.link === null ? draw : doc.struct('Link', {}, draw);
  });
  place.parent.add(doc.struct('P', {}, children));
  doc.font(STYLE.font.regular).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
  doc.x = doc.page.margins.left;
  doc.y += place.listDepth > 0 ? STYLE.paragraphGap / 2 : STYLE.paragraphGap;
}

/** The runs of a text block; a hard break is a line feed inside the run before it. */
export function segments(nodes: RichTextDocument[]): Segment[] {
  const runs: Segment[] = [];
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      const last = runs.at(-1);
      if (last === undefined) runs.push(plain('\n'));
      else last.text += '\n';
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const marks = new Set((node.marks ?? []).map((mark) => mark.type));
    runs.push({
      text: pdfText(node.text),
      bold: marks.has('bold'),
      italic: marks.has('italic'),
      underline: marks.has('underline'),
      strike: marks.has('strike'),
      code: marks.has('code'),
      link: safeLinkUrl(node.marks?.find((mark) => mark.type === 'link')?.attrs?.href),
    });
  }
  return runs;
}

/** A run of text without marks. */
export function plain(text: string): Segment {
  return { text, bold: false, italic: false, underline: false, strike: false, code: false, link: null };
}

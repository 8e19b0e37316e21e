import {
  childrenOf,
  columnSpan,
  outlineLevel,
  type RichTextDocument,
  safeImageUrl,
  safeLinkUrl,
  tableRows,
} from './document.ts';
import { contentWidth, ensureSpace, fontFor, gridTable, heading, type Pdf, pdfText, STYLE } from './pdf-drawing.ts';

/** Where a block stands: how far in from the left margin, and inside a quote or a list how deep. */
interface Place {
  indent: number;
  quote: boolean;
  listDepth: number;
}

/** A run of text with one set of marks. */
interface Segment {
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  code: boolean;
  link: string | null;
}

const LIST_INDENT = 18;
const QUOTE_INDENT = 16;
const BULLETS = ['•', '–', '·'] as const;
/** Not (yet) among the shared words of report-words.ts, which the Word and HTML outputs do not need it for. */
const IMAGE_LABEL = 'Afbeelding';

/**
 * Draws the verslag's text (the editor's document) from the current position: headings at their outline depth
 * (a programme item is 1, a deelsessie 2) and bookmarked, paragraphs with their marks, links underlined and
 * clickable, nested bullet and numbered lists, indented quotes, code in Courier, tables as grids. Empty
 * paragraphs and headings are left out.
 */
export function drawBody(doc: Pdf, body: RichTextDocument, outline: Map<number, PDFKit.PDFOutline>): void {
  new BodyWriter(doc, outline).blocks(childrenOf(body), { indent: 0, quote: false, listDepth: 0 });
}

/** The text of a node and everything in it, without marks: a table cell's content, a heading's title. */
export function plainText(node: RichTextDocument): string {
  switch (node.type) {
    case 'text':
      return node.text ?? '';
    case 'hardBreak':
      return '\n';
    case 'image':
      return imageText(node);
    case 'paragraph':
    case 'heading':
      return childrenOf(node).map(plainText).join('');
    case 'listItem':
      return `• ${childrenOf(node).map(plainText).join('\n')}`;
    default:
      return childrenOf(node)
        .map(plainText)
        .filter((text) => text !== '')
        .join('\n');
  }
}

class BodyWriter {
  constructor(
    private readonly doc: Pdf,
    private readonly outline: Map<number, PDFKit.PDFOutline>,
  ) {}

  blocks(nodes: RichTextDocument[], place: Place): void {
    for (const node of nodes) this.block(node, place);
  }

  private block(node: RichTextDocument, place: Place): void {
    switch (node.type) {
      case 'paragraph':
        this.paragraph(segments(childrenOf(node)), place);
        return;
      case 'heading': {
        const title = plainText(node).replace(/\s+/g, ' ').trim();
        if (title !== '') heading(this.doc, title, outlineLevel(node.attrs?.level), this.outline);
        return;
      }
      case 'blockquote':
        this.quote(node, place);
        return;
      case 'bulletList':
      case 'orderedList':
        this.list(node, place);
        return;
      case 'codeBlock':
        this.code(node, place);
        return;
      case 'horizontalRule':
        this.rule(place);
        return;
      case 'image': {
        // The server does not fetch images from the internet (no outgoing requests while rendering, and an
        // image's host may be slow, gone or hostile), so an image is its description, linked to where it is.
        const src = safeImageUrl(node.attrs?.src);
        const text = pdfText(`[${imageText(node)}]`);
        this.paragraph([{ ...plain(text), italic: true, link: src }], place);
        return;
      }
      case 'table':
        this.table(node, place);
        return;
      default:
        this.blocks(childrenOf(node), place);
    }
  }

  /** A paragraph of marked runs; in a list, its first paragraph carries the item's bullet or number. */
  private paragraph(runs: Segment[], place: Place, marker?: string): void {
    const doc = this.doc;
    const parts = runs.filter((run) => run.text !== '');
    if (parts.length === 0 && marker === undefined) return;
    if (parts.length === 0) parts.push(plain(' '));
    const x = doc.page.margins.left + place.indent;
    const width = contentWidth(doc) - place.indent;
    doc.font(STYLE.font.regular).fontSize(STYLE.size.body);
    // Two lines at least on this page, so that a paragraph does not leave one line behind at the foot.
    const lineHeight = doc.currentLineHeight(true) + STYLE.lineGap;
    const text = parts.map((part) => part.text).join('');
    ensureSpace(doc, Math.min(2 * lineHeight, doc.heightOfString(text, { width, lineGap: STYLE.lineGap })));
    const y = doc.y;
    if (marker !== undefined) {
      doc.fillColor(STYLE.colour.text).text(marker, x - LIST_INDENT, y, { width: LIST_INDENT - 4, lineBreak: false });
    }
    parts.forEach((part, i) => {
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
    });
    doc.font(STYLE.font.regular).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
    doc.x = doc.page.margins.left;
    doc.y += place.listDepth > 0 ? STYLE.paragraphGap / 2 : STYLE.paragraphGap;
  }

  private list(node: RichTextDocument, place: Place): void {
    const ordered = node.type === 'orderedList';
    const start = typeof node.attrs?.start === 'number' ? Math.max(0, Math.floor(node.attrs.start)) : 1;
    const inner = { ...place, indent: place.indent + LIST_INDENT, listDepth: place.listDepth + 1 };
    const items = childrenOf(node).filter((item) => item.type === 'listItem');
    items.forEach((item, index) => {
      const marker = ordered ? numberLabel(start + index, place.listDepth) : BULLETS[place.listDepth % BULLETS.length];
      const [first, ...rest] = childrenOf(item);
      if (first?.type === 'paragraph') this.paragraph(segments(childrenOf(first)), inner, marker);
      else {
        this.paragraph([], inner, marker);
        if (first !== undefined) rest.unshift(first);
      }
      this.blocks(rest, inner);
    });
    if (place.listDepth === 0) this.doc.y += STYLE.paragraphGap / 2;
  }

  /** Indented, in grey italics, with a rule at the left where the quote stays on one page. */
  private quote(node: RichTextDocument, place: Place): void {
    const doc = this.doc;
    const page = doc.bufferedPageRange().count;
    const top = doc.y;
    this.blocks(childrenOf(node), { ...place, indent: place.indent + QUOTE_INDENT, quote: true });
    if (doc.bufferedPageRange().count === page) {
      const x = doc.page.margins.left + place.indent + 4;
      doc
        .save()
        .lineWidth(2)
        .strokeColor(STYLE.colour.rule)
        .moveTo(x, top - 1)
        .lineTo(x, doc.y - STYLE.paragraphGap + 1)
        .stroke()
        .restore();
    }
  }

  private code(node: RichTextDocument, place: Place): void {
    const doc = this.doc;
    const text = pdfText(childrenOf(node).map(plainText).join(''), true).replace(/\n+$/, '');
    if (text === '') return;
    const x = doc.page.margins.left + place.indent;
    const width = contentWidth(doc) - place.indent;
    const padding = 5;
    doc.font(STYLE.code.regular).fontSize(STYLE.size.code);
    const height = doc.heightOfString(text, { width: width - 2 * padding, lineGap: 1 }) + 2 * padding;
    // A block that fits on a page is kept together on a shaded ground; a longer one simply runs on.
    if (height < doc.page.maxY() - doc.page.margins.top) {
      ensureSpace(doc, height);
      doc.save().rect(x, doc.y, width, height).fill('#f2f2f2').restore();
    }
    doc
      .fillColor(STYLE.colour.text)
      .text(text, x + padding, doc.y + padding, { width: width - 2 * padding, lineGap: 1 });
    doc.font(STYLE.font.regular).fontSize(STYLE.size.body);
    doc.x = doc.page.margins.left;
    doc.y += padding + STYLE.paragraphGap;
  }

  private rule(place: Place): void {
    const doc = this.doc;
    ensureSpace(doc, 12);
    const x = doc.page.margins.left + place.indent;
    const y = doc.y + 4;
    doc
      .save()
      .lineWidth(0.75)
      .strokeColor(STYLE.colour.rule)
      .moveTo(x, y)
      .lineTo(doc.page.width - doc.page.margins.right, y)
      .stroke()
      .restore();
    doc.y += 8 + STYLE.paragraphGap;
  }

  private table(node: RichTextDocument, place: Place): void {
    const rows = tableRows(node);
    if (rows.length === 0) return;
    const columns = Math.max(1, ...rows.map((row) => row.cells.reduce((sum, cell) => sum + columnSpan(cell), 0)));
    const cells = (row: (typeof rows)[number]) =>
      row.cells.map((cell) => ({ text: plainText(cell), span: columnSpan(cell) }));
    // The first row repeats on every page when it is a header row; merged rows (rowspan) are drawn unmerged.
    const [first, ...rest] = rows;
    const header = first?.header === true ? first : null;
    gridTable(this.doc, {
      columns: Array<number>(columns).fill(1),
      header: header === null ? null : cells(header).map((cell) => cell.text),
      rows: (header === null ? rows : rest).map(cells),
      x: this.doc.page.margins.left + place.indent,
    });
  }
}

/** The runs of a text block; a hard break is a line feed inside the run before it. */
function segments(nodes: RichTextDocument[]): Segment[] {
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

function plain(text: string): Segment {
  return { text, bold: false, italic: false, underline: false, strike: false, code: false, link: null };
}

function imageText(node: RichTextDocument): string {
  const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt.trim() : '';
  return alt === '' ? IMAGE_LABEL : `${IMAGE_LABEL}: ${alt}`;
}

/** 1. 2. 3. at the top level, a. b. c. one deeper, i. ii. iii. below that: as Word numbers nested lists. */
function numberLabel(n: number, depth: number): string {
  if (depth % 3 === 1) return `${letters(n)}.`;
  if (depth % 3 === 2) return `${roman(n)}.`;
  return `${n}.`;
}

function letters(n: number): string {
  let out = '';
  for (let rest = Math.max(1, n); rest > 0; rest = Math.floor((rest - 1) / 26)) {
    out = String.fromCharCode(97 + ((rest - 1) % 26)) + out;
  }
  return out;
}

function roman(n: number): string {
  const numerals: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let rest = Math.max(1, Math.min(n, 3999));
  let out = '';
  for (const [value, numeral] of numerals) {
    for (; rest >= value; rest -= value) out += numeral;
  }
  return out;
}

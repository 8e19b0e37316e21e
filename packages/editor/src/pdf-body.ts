import {
  childrenOf,
  columnSpan,
  outlineLevel,
  type RichTextDocument,
  safeImageUrl,
  safeLinkUrl,
  tableRows,
} from './document.ts';
import { contentWidth, ensureSpace, heading, type Pdf, pdfText, STYLE } from './pdf-drawing.ts';
import { drawFigure, IMAGE_LABEL, type OpenedImage, openImage } from './pdf-figure.ts';
import { listMarker, listNumbering } from './pdf-list-markers.ts';
import { drawRuns, makeRoom, type Place, plain, type Segment, segments } from './pdf-paragraph.ts';
import { artifact, attributes, group, type Struct, tag } from './pdf-structure.ts';
import { gridTable } from './pdf-table.ts';
import type { ReportImage } from './report-layout.ts';

/** What the body is drawn into besides the page: its element in the structure tree, the bookmarks, the images. */
export interface BodyContext {
  parent: Struct;
  outline: Map<number, PDFKit.PDFOutline>;
  /** The verslag's own images, by the `src` the text holds. */
  images: ReadonlyMap<string, ReportImage>;
}

const LIST_INDENT = 18;
const QUOTE_INDENT = 16;

/**
 * Draws the verslag's text (the editor's document) from the current position, tagged for screen readers:
 * headings at their outline depth (a programme item is 1, a deelsessie 2) and bookmarked, paragraphs with their
 * marks, links underlined and clickable, nested bullet and numbered lists, indented quotes, code in Courier,
 * tables as grids, the verslag's own images as figures. Empty paragraphs and headings are left out.
 */
export function drawBody(doc: Pdf, body: RichTextDocument, context: BodyContext): void {
  const place = { indent: 0, quote: false, listDepth: 0, parent: context.parent };
  new BodyWriter(doc, context).blocks(childrenOf(body), place);
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
  /** Each image read once, however often the text shows it, so that pdfkit embeds it once. */
  private readonly opened = new Map<string, OpenedImage | null>();

  constructor(
    private readonly doc: Pdf,
    private readonly context: BodyContext,
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
        if (title !== '') heading(this.doc, place.parent, title, outlineLevel(node.attrs?.level), this.context.outline);
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
      case 'image':
        this.image(node, place);
        return;
      case 'table':
        this.table(node, place);
        return;
      default:
        this.blocks(childrenOf(node), place);
    }
  }

  /** A paragraph of marked runs. */
  private paragraph(runs: Segment[], place: Place): void {
    const parts = runs.filter((run) => run.text !== '');
    if (parts.length === 0) return;
    drawRuns(this.doc, parts, place, makeRoom(this.doc, parts, place));
  }

  /** A list (L) of items (LI), each its bullet or number (Lbl) and its content (LBody), which may hold lists. */
  private list(node: RichTextDocument, place: Place): void {
    const doc = this.doc;
    const items = childrenOf(node).filter((item) => item.type === 'listItem');
    if (items.length === 0) return;
    const ordered = node.type === 'orderedList';
    const start = typeof node.attrs?.start === 'number' ? Math.max(0, Math.floor(node.attrs.start)) : 1;
    const list = group(doc, place.parent, 'L');
    attributes(list, 'List', { ListNumbering: listNumbering(ordered, place.listDepth) });
    const inner = { ...place, indent: place.indent + LIST_INDENT, listDepth: place.listDepth + 1 };
    items.forEach((item, index) => {
      const marker = listMarker(ordered, start + index, place.listDepth);
      const element = group(doc, list, 'LI');
      const [first, ...rest] = childrenOf(item);
      const runs = first?.type === 'paragraph' ? segments(childrenOf(first)).filter((run) => run.text !== '') : [];
      if (first !== undefined && first.type !== 'paragraph') rest.unshift(first);
      // The item's first line carries the marker, even when the item starts with no text.
      const parts = runs.length > 0 ? runs : [plain(' ')];
      const y = makeRoom(doc, parts, inner);
      const x = doc.page.margins.left + place.indent;
      tag(doc, element, 'Lbl', () =>
        doc.fillColor(STYLE.colour.text).text(marker, x, y, { width: LIST_INDENT - 4, lineBreak: false }),
      );
      const body = group(doc, element, 'LBody');
      drawRuns(doc, parts, { ...inner, parent: body }, y);
      this.blocks(rest, { ...inner, parent: body });
      body.end();
      element.end();
    });
    list.end();
    if (place.listDepth === 0) doc.y += STYLE.paragraphGap / 2;
  }

  /** Indented, in grey italics, with a rule at the left where the quote stays on one page. */
  private quote(node: RichTextDocument, place: Place): void {
    const doc = this.doc;
    const page = doc.bufferedPageRange().count;
    const top = doc.y;
    const quote = group(doc, place.parent, 'BlockQuote');
    this.blocks(childrenOf(node), { ...place, indent: place.indent + QUOTE_INDENT, quote: true, parent: quote });
    quote.end();
    if (doc.bufferedPageRange().count === page) {
      const x = doc.page.margins.left + place.indent + 4;
      artifact(doc, () =>
        doc
          .save()
          .lineWidth(2)
          .strokeColor(STYLE.colour.rule)
          .moveTo(x, top - 1)
          .lineTo(x, doc.y - STYLE.paragraphGap + 1)
          .stroke()
          .restore(),
      );
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
      const top = doc.y;
      artifact(doc, () => doc.save().rect(x, top, width, height).fill('#f2f2f2').restore());
    }
    const top = doc.y;
    const paragraph = group(doc, place.parent, 'P');
    tag(doc, paragraph, 'Code', () =>
      doc
        .fillColor(STYLE.colour.text)
        .text(text, x + padding, top + padding, { width: width - 2 * padding, lineGap: 1 }),
    );
    paragraph.end();
    doc.font(STYLE.font.regular).fontSize(STYLE.size.body);
    doc.x = doc.page.margins.left;
    doc.y += padding + STYLE.paragraphGap;
  }

  private rule(place: Place): void {
    const doc = this.doc;
    ensureSpace(doc, 12);
    const x = doc.page.margins.left + place.indent;
    const y = doc.y + 4;
    artifact(doc, () =>
      doc
        .save()
        .lineWidth(0.75)
        .strokeColor(STYLE.colour.rule)
        .moveTo(x, y)
        .lineTo(doc.page.width - doc.page.margins.right, y)
        .stroke()
        .restore(),
    );
    doc.y += 8 + STYLE.paragraphGap;
  }

  private image(node: RichTextDocument, place: Place): void {
    // The server does not fetch images from the internet (no outgoing requests while rendering, and an image's
    // host may be slow, gone or hostile). The verslag's own bestanden come with the layout and are embedded; any
    // other image is its description, linked to where it is.
    const src = safeImageUrl(node.attrs?.src);
    const image = src === null ? undefined : this.context.images.get(src);
    const opened = src === null || image === undefined ? null : this.open(src, image);
    if (image !== undefined && opened !== null) {
      drawFigure(this.doc, place.parent, image, opened, altText(node), place.indent);
      return;
    }
    // Only an address on the web makes a link: one of our own (a bestand that could not be drawn) is relative.
    this.paragraph([{ ...plain(pdfText(`[${imageText(node)}]`)), italic: true, link: safeLinkUrl(src) }], place);
  }

  private open(src: string, image: ReportImage): OpenedImage | null {
    if (!this.opened.has(src)) this.opened.set(src, openImage(this.doc, image));
    return this.opened.get(src) ?? null;
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
    gridTable(this.doc, place.parent, {
      columns: Array<number>(columns).fill(1),
      header: header === null ? null : cells(header).map((cell) => cell.text),
      rows: (header === null ? rows : rest).map(cells),
      x: this.doc.page.margins.left + place.indent,
    });
  }
}

/** An image's description, in one line; empty when it has none. */
function altText(node: RichTextDocument): string {
  return typeof node.attrs?.alt === 'string' ? node.attrs.alt.replace(/\s+/g, ' ').trim() : '';
}

function imageText(node: RichTextDocument): string {
  const alt = altText(node);
  return alt === '' ? IMAGE_LABEL : `${IMAGE_LABEL}: ${alt}`;
}

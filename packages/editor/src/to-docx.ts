import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  type INumberingOptions,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  childrenOf,
  columnSpan,
  outlineLevel,
  type RichTextDocument,
  safeImageUrl,
  safeLinkUrl,
  tableRows,
} from './document.ts';

export interface DocxOptions {
  /** Written as the Word title (the Title style) above the document, and as the file's title property. */
  title?: string;
  /** The file's author property. */
  creator?: string;
}

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

/** Word numbering allows nine levels; deeper lists are drawn at the ninth. */
const LIST_LEVELS = 9;
const BULLETS = 'bullets';
const QUOTE_STYLE = 'Quote';
const CODE_FONT = 'Consolas';

type Block = Paragraph | Table;

interface Context {
  /** Where the current list item's paragraphs sit: the numbering to use and how deep. */
  list: { reference: string; instance: number; level: number } | null;
  quote: boolean;
}

/**
 * The document as a Word file: headings in Word's Heading 1–6 styles, bullet and numbered lists in Word's own
 * numbering (each numbered list counting from its start), real tables, bold/italic/underline/strike, code in a
 * monospace font, and clickable links to http(s) and mailto. Images are not embedded: each becomes its alt text
 * (or its URL), linked to the image.
 */
export async function toDocx(doc: RichTextDocument, options: DocxOptions = {}): Promise<Buffer> {
  const writer = new DocxWriter();
  const body = writer.blocks(childrenOf(doc), { list: null, quote: false });
  const title =
    options.title === undefined ? [] : [new Paragraph({ heading: HeadingLevel.TITLE, text: xmlText(options.title) })];
  const document = new Document({
    ...(options.title === undefined ? {} : { title: xmlText(options.title) }),
    ...(options.creator === undefined ? {} : { creator: xmlText(options.creator) }),
    numbering: writer.numbering(),
    styles: {
      paragraphStyles: [
        {
          id: QUOTE_STYLE,
          name: 'Quote',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { italics: true, color: '404040' },
          paragraph: { indent: { left: 720 } },
        },
      ],
    },
    sections: [{ children: [...title, ...body] }],
  });
  return Packer.toBuffer(document);
}

/** Walks the document once, collecting the numbering definitions its lists need as it goes. */
class DocxWriter {
  /** Numbered lists by their start number: Word keeps the start in the definition, not in the paragraph. */
  private readonly numberedStarts = new Set<number>();
  /** Every list gets its own instance, so that a numbered list after another starts again at its own start. */
  private instances = 0;

  numbering(): INumberingOptions {
    const bulletLevels = Array.from({ length: LIST_LEVELS }, (_, level) => ({
      level,
      format: LevelFormat.BULLET,
      text: ['\u2022', '\u25e6', '\u25aa'][level % 3]!,
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
    }));
    const numbered = [...this.numberedStarts].map((start) => ({
      reference: numberedReference(start),
      levels: Array.from({ length: LIST_LEVELS }, (_, level) => ({
        level,
        format: [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN][level % 3]!,
        text: `%${level + 1}.`,
        start: level === 0 ? start : 1,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
      })),
    }));
    return { config: [{ reference: BULLETS, levels: bulletLevels }, ...numbered] };
  }

  blocks(nodes: RichTextDocument[], context: Context): Block[] {
    return nodes.flatMap((node) => this.block(node, context));
  }

  private block(node: RichTextDocument, context: Context): Block[] {
    switch (node.type) {
      case 'paragraph':
        return [this.paragraph(node, context)];
      case 'heading':
        return [new Paragraph({ heading: HEADINGS[outlineLevel(node.attrs?.level) - 1]!, children: runs(node) })];
      case 'blockquote':
        return this.blocks(childrenOf(node), { ...context, quote: true });
      case 'bulletList':
      case 'orderedList':
        return this.list(node, context);
      case 'codeBlock': {
        const code = childrenOf(node)
          .map((child) => child.text ?? '')
          .join('');
        return code
          .split(/\r\n?|\n/)
          .map((line) => new Paragraph({ children: [new TextRun({ text: xmlText(line), font: CODE_FONT })] }));
      }
      case 'horizontalRule':
        return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'auto', space: 1 } } })];
      case 'image':
        return [this.image(node)];
      case 'table':
        return [this.table(node)];
      default:
        return this.blocks(childrenOf(node), context);
    }
  }

  /** A list item's first paragraph carries the number or bullet; its further paragraphs are indented to match. */
  private list(node: RichTextDocument, context: Context): Block[] {
    const level = context.list === null ? 0 : Math.min(LIST_LEVELS - 1, context.list.level + 1);
    let reference = BULLETS;
    if (node.type === 'orderedList') {
      const start = typeof node.attrs?.start === 'number' ? Math.max(0, Math.floor(node.attrs.start)) : 1;
      this.numberedStarts.add(start);
      reference = numberedReference(start);
    }
    const list = { reference, instance: ++this.instances, level };
    return childrenOf(node).flatMap((item) =>
      childrenOf(item).flatMap((child, i) => {
        if (i === 0 && child.type === 'paragraph') return [this.paragraph(child, { ...context, list }, true)];
        return this.block(child, { ...context, list });
      }),
    );
  }

  private paragraph(node: RichTextDocument, context: Context, numbered = false): Paragraph {
    const list = context.list;
    return new Paragraph({
      children: runs(node),
      ...(context.quote ? { style: QUOTE_STYLE } : {}),
      ...(list === null
        ? {}
        : numbered
          ? { numbering: { reference: list.reference, instance: list.instance, level: list.level } }
          : { indent: { left: 720 * (list.level + 1) } }),
    });
  }

  private image(node: RichTextDocument): Paragraph {
    const src = xmlUrl(safeImageUrl(node.attrs?.src));
    const alt = typeof node.attrs?.alt === 'string' && node.attrs.alt !== '' ? node.attrs.alt : (src ?? '');
    const run = new TextRun({ text: xmlText(alt), italics: true, ...(src === null ? {} : { style: 'Hyperlink' }) });
    return new Paragraph({ children: [src === null ? run : new ExternalHyperlink({ link: src, children: [run] })] });
  }

  private table(node: RichTextDocument): Table {
    const rows = tableRows(node);
    const columns = Math.max(1, ...rows.map((row) => row.cells.reduce((sum, cell) => sum + columnSpan(cell), 0)));
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      columnWidths: Array<number>(columns).fill(Math.floor(9000 / columns)),
      rows: rows.map(
        (row) =>
          new TableRow({
            tableHeader: row.header,
            children: row.cells.map((cell) => {
              const rowSpan = typeof cell.attrs?.rowspan === 'number' ? Math.floor(cell.attrs.rowspan) : 1;
              const children = this.blocks(childrenOf(cell), { list: null, quote: false });
              return new TableCell({
                // Word refuses a cell without a paragraph.
                children: children.length === 0 ? [new Paragraph({})] : children,
                ...(columnSpan(cell) > 1 ? { columnSpan: columnSpan(cell) } : {}),
                ...(rowSpan > 1 ? { rowSpan } : {}),
                ...(cell.type === 'tableHeader' ? { shading: { fill: 'E7E6E6' } } : {}),
              });
            }),
          }),
      ),
    });
  }
}

function numberedReference(start: number): string {
  return `numbered-${start}`;
}

/** The runs of a text block; consecutive text nodes with the same link become one hyperlink. */
function runs(node: RichTextDocument): ParagraphChild[] {
  const children: ParagraphChild[] = [];
  let link: { href: string; runs: TextRun[] } | null = null;
  const flush = () => {
    if (link !== null) children.push(new ExternalHyperlink({ link: link.href, children: link.runs }));
    link = null;
  };
  for (const child of childrenOf(node)) {
    if (child.type === 'hardBreak') {
      (link?.runs ?? children).push(new TextRun({ break: 1 }));
      continue;
    }
    if (child.type !== 'text' || !child.text) continue;
    const marks = new Set((child.marks ?? []).map((mark) => mark.type));
    const href = xmlUrl(safeLinkUrl(child.marks?.find((mark) => mark.type === 'link')?.attrs?.href));
    const run = new TextRun({
      text: xmlText(child.text),
      ...(marks.has('bold') ? { bold: true } : {}),
      ...(marks.has('italic') ? { italics: true } : {}),
      ...(marks.has('underline') ? { underline: {} } : {}),
      ...(marks.has('strike') ? { strike: true } : {}),
      ...(marks.has('code') ? { font: CODE_FONT } : {}),
      ...(href === null ? {} : { style: 'Hyperlink' }),
    });
    if (link !== null && link.href !== href) flush();
    if (href === null) children.push(run);
    else {
      link ??= { href, runs: [] };
      link.runs.push(run);
    }
  }
  flush();
  return children;
}

// What XML 1.0 calls a character: control characters other than tab, LF and CR, and U+FFFE/U+FFFF, are not.
// Lone surrogates are left to UTF-8 encoding, which writes them as U+FFFD.
const NOT_XML = /[^\t\n\r\u0020-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text without the characters XML cannot hold. The docx library escapes `<&"` but writes control characters as
 * they are, and Word refuses to open a file with one in it; a stored document may come from any client.
 */
function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}

/** A link target without control characters (percent-encoded), or null. */
function xmlUrl(url: string | null): string | null {
  return url === null ? null : url.replace(NOT_XML, (char) => encodeURIComponent(char));
}

import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  type INumberingOptions,
  type ISectionOptions,
  LevelFormat,
  Packer,
  PageNumber,
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
import {
  COVER_STYLE,
  FOOTER_STYLE,
  HEADER_FILL,
  HEADER_STYLE,
  houseStyles,
  LIST_STYLE,
  QUOTE_STYLE,
  TABLE_STYLE,
} from './docx-house-style.ts';
import { reportCoverFacts } from './report-cover.ts';
import type { ReportAfspraak, ReportLayout, ReportStatement } from './report-layout.ts';
import { reportBody } from './report-outline.ts';
import * as words from './report-words.ts';

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
const CODE_FONT = 'Consolas';
/** A4 less 2.5 cm margins, in twentieths of a point: what a table's columns share. */
const TEXT_WIDTH = 9026;

type Block = Paragraph | Table;

interface Context {
  /** Where the current list item's paragraphs sit: the numbering to use and how deep. */
  list: { reference: string; instance: number; level: number } | null;
  quote: boolean;
  /** In a table cell: tight spacing, as the table style's own would be if Word let it win over Normal's. */
  cell?: boolean;
}

/**
 * The document as a Word file in the house style (see docx-house-style.ts): headings in Word's Heading 1–6
 * styles, bullet and numbered lists in Word's own numbering (each numbered list counting from its start), real
 * tables, bold/italic/underline/strike, code in a monospace font, and clickable links to http(s) and mailto.
 *
 * Images are not embedded: each becomes its alt text (or its URL) in italics, linked to the image. The editor
 * allows only http(s) images, which live on other servers, and the server does not fetch from the internet on a
 * reader's behalf (no requests to addresses a document's author chose, no waiting on a slow host while
 * exporting); the alt text keeps what the image is for readable, and the link leads to it.
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
    styles: houseStyles(),
    sections: [{ properties: A4, children: [...title, ...body] }],
  });
  return Packer.toBuffer(document);
}

/** A4 with 2.5 cm margins, as Dutch reports are printed. */
const A4: NonNullable<ISectionOptions['properties']> = {
  page: {
    size: { width: 11906, height: 16838 },
    margin: { top: 1418, bottom: 1418, left: 1440, right: 1440, header: 709, footer: 709 },
  },
};

/** What reportToDocx needs besides the layout. */
export interface ReportDocxOptions {
  /** The file's creation date when the verslag is a concept (a final one is dated by its finalisation). */
  now?: number;
}

/**
 * A verslag as a Word file in the house style, in the layout's order: the cover block (title, network, dates,
 * venue, host city, the theme(s), status), the presentielijst, the body (a programme item is Heading 1, a
 * deelsessie Heading 2; empty headings are left out), the stellingen and afspraken as tables, the network's name
 * in the header and "Pagina X van Y" in the footer, and the title, author and date as document properties.
 */
export async function reportToDocx(layout: ReportLayout, options: ReportDocxOptions = {}): Promise<Buffer> {
  const writer = new DocxWriter();
  const body = writer.blocks(childrenOf(reportBody(layout.body)), { list: null, quote: false });
  const title = words.reportTitle(layout.title);
  const children: Block[] = [
    ...coverBlock(layout),
    ...attendanceSection(layout.attendance),
    ...body,
    ...statementsSection(layout.statements),
    ...afsprakenSection(layout.afspraken),
  ];
  const document = new Document({
    title: xmlText(title),
    subject: xmlText(layout.network),
    ...(layout.author === null ? {} : { creator: xmlText(layout.author), lastModifiedBy: xmlText(layout.author) }),
    numbering: writer.numbering(),
    styles: houseStyles(),
    sections: [
      {
        properties: A4,
        headers: { default: new Header({ children: [headerLine(layout.network)] }) },
        footers: { default: new Footer({ children: [pageNumberLine()] }) },
        children,
      },
    ],
  });
  const created = layout.status.final ? layout.status.at : (options.now ?? Date.now());
  // The library always dates a file now and calls an unknown author "Un-named"; a verslag's properties say
  // what it is: its title, the secretariaat's organisation, the day it was finalised.
  const core = { path: 'docProps/core.xml', data: coreProperties(title, layout.network, layout.author, created) };
  return Packer.toBuffer(document, false, [core]);
}

function coverBlock(layout: ReportLayout): Block[] {
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, text: xmlText(words.reportTitle(layout.title)) }),
    ...reportCoverFacts(layout).map(
      ([label, value]) =>
        new Paragraph({
          style: COVER_STYLE,
          children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun({ text: xmlText(value) })],
        }),
    ),
  ];
}

function sectionHeading(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, text });
}

function attendanceSection(attendance: ReportLayout['attendance']): Block[] {
  const blocks: Block[] = [sectionHeading(words.ATTENDANCE)];
  if (attendance.organisations.length === 0 && (attendance.names?.length ?? 0) === 0) {
    return [...blocks, new Paragraph({ children: [new TextRun({ text: words.NO_ATTENDANCE, italics: true })] })];
  }
  if (attendance.organisations.length > 0) {
    blocks.push(labelledLine(`${words.ORGANISATIONS} (${attendance.organisations.length})`, attendance.organisations));
  }
  if (attendance.names !== null && attendance.names.length > 0) {
    blocks.push(labelledLine(`${words.NAMES} (${attendance.names.length})`, attendance.names));
  }
  return blocks;
}

/** "Organisaties (12): Amsterdam, Breda, …" — a presentielijst of forty cities reads better as one paragraph. */
function labelledLine(label: string, items: readonly string[]): Paragraph {
  return new Paragraph({
    children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun({ text: xmlText(items.join(', ')) })],
  });
}

function statementsSection(statements: readonly ReportStatement[]): Block[] {
  if (statements.length === 0) return [];
  return [
    sectionHeading(words.STATEMENTS),
    reportTable(
      [words.STATEMENT, words.AGREE, words.NEUTRAL, words.DISAGREE],
      [5426, 1200, 1200, 1200],
      statements.map((s) => [s.text, String(s.votes.agree), String(s.votes.neutral), String(s.votes.disagree)]),
      [false, true, true, true],
    ),
  ];
}

function afsprakenSection(afspraken: readonly ReportAfspraak[]): Block[] {
  if (afspraken.length === 0) return [];
  return [
    sectionHeading(words.ACTION_LIST),
    reportTable(
      [words.WHAT, words.WHO, words.WHEN, words.STATUS],
      [4226, 2200, 1500, 1100],
      afspraken.map((a) => [
        a.description,
        a.owner ?? '',
        a.dueDate === null ? '' : words.formatDutchDate(a.dueDate),
        words.afspraakStatusWord(a.status),
      ]),
      [false, false, false, false],
    ),
  ];
}

/** A table in the Verslagtabel style: a header row repeated on every page, numbers right-aligned. */
function reportTable(head: string[], widths: number[], rows: string[][], numeric: boolean[]): Table {
  const cell = (text: string, column: number, header: boolean) =>
    new TableCell({
      width: { size: widths[column] ?? 1000, type: WidthType.DXA },
      // The style shades the first row; said again on the cell for readers that skip conditional table styles.
      ...(header ? { shading: { fill: HEADER_FILL } } : {}),
      children: [
        new Paragraph({
          spacing: { before: 40, after: 40 },
          ...(numeric[column] ? { alignment: AlignmentType.RIGHT } : {}),
          children: [new TextRun({ text: xmlText(text), ...(header ? { bold: true } : {}) })],
        }),
      ],
    });
  return new Table({
    style: TABLE_STYLE,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: head.map((text, column) => cell(text, column, true)) }),
      ...rows.map(
        (row) => new TableRow({ cantSplit: true, children: row.map((text, column) => cell(text, column, false)) }),
      ),
    ],
  });
}

function headerLine(network: string): Paragraph {
  return new Paragraph({ style: HEADER_STYLE, alignment: AlignmentType.RIGHT, text: xmlText(network) });
}

function pageNumberLine(): Paragraph {
  return new Paragraph({
    style: FOOTER_STYLE,
    alignment: AlignmentType.RIGHT,
    children: [
      new TextRun({ children: [`${words.PAGE} `, PageNumber.CURRENT, ` ${words.OF} `, PageNumber.TOTAL_PAGES] }),
    ],
  });
}

function coreProperties(title: string, subject: string, author: string | null, created: number): string {
  const when = new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const creator = author === null ? '' : `<dc:creator>${xmlEscape(author)}</dc:creator>`;
  const modifiedBy = author === null ? '' : `<cp:lastModifiedBy>${xmlEscape(author)}</cp:lastModifiedBy>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlEscape(title)}</dc:title><dc:subject>${xmlEscape(subject)}</dc:subject>${creator}${modifiedBy}` +
    '<dc:language>nl-NL</dc:language><cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** Text for a hand-written XML part: escaped, and without the characters XML cannot hold. */
function xmlEscape(text: string): string {
  return xmlText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
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
      ...(context.cell ? { spacing: { before: 40, after: 40 } } : {}),
      ...(list === null
        ? {}
        : numbered
          ? { style: LIST_STYLE, numbering: { reference: list.reference, instance: list.instance, level: list.level } }
          : { style: LIST_STYLE, indent: { left: 720 * (list.level + 1) } }),
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
      style: TABLE_STYLE,
      width: { size: 100, type: WidthType.PERCENTAGE },
      columnWidths: Array<number>(columns).fill(Math.floor(TEXT_WIDTH / columns)),
      rows: rows.map(
        (row) =>
          new TableRow({
            tableHeader: row.header,
            children: row.cells.map((cell) => {
              const rowSpan = typeof cell.attrs?.rowspan === 'number' ? Math.floor(cell.attrs.rowspan) : 1;
              const children = this.blocks(childrenOf(cell), { list: null, quote: false, cell: true });
              return new TableCell({
                // Word refuses a cell without a paragraph.
                children: children.length === 0 ? [new Paragraph({})] : children,
                ...(columnSpan(cell) > 1 ? { columnSpan: columnSpan(cell) } : {}),
                ...(rowSpan > 1 ? { rowSpan } : {}),
                ...(cell.type === 'tableHeader' ? { shading: { fill: HEADER_FILL } } : {}),
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

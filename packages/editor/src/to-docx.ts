import {
  AlignmentType,
  BorderStyle,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  type ICommentOptions,
  ImageRun,
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
  VerticalAlign,
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
  CAPTION_STYLE,
  COVER_STYLE,
  FOOTER_STYLE,
  HEADER_FILL,
  HEADER_STYLE,
  houseStyles,
  LIST_STYLE,
  QUOTE_STYLE,
  TABLE_STYLE,
} from './docx-house-style.ts';
import {
  barShares,
  chartSummary,
  citiesNote,
  cityRows,
  VOTE_COLOURS,
  VOTE_WORDS,
  VOTES,
  voteCounts,
} from './report-chart.ts';
import { reportCoverFacts } from './report-cover.ts';
import { fitImage } from './report-image.ts';
import type { ReportAfspraak, ReportComment, ReportImage, ReportLayout, ReportStatement } from './report-layout.ts';
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
/** The same width in pixels at 96 dpi, which is how Word sizes an image; and at most half a page tall. */
const IMAGE_MAX = { width: 600, height: 480 };

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
 * Images from elsewhere are not embedded: each becomes its alt text (or its URL) in italics, linked to the image.
 * The server does not fetch from the internet on a reader's behalf (no requests to addresses a document's author
 * chose, no waiting on a slow host while exporting); the alt text keeps what the image is for readable, and the
 * link leads to it. A verslag's own bestanden are embedded (reportToDocx, with the layout's images).
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
  const writer = new DocxWriter(layout.images, layout.comments ?? []);
  const body = writer.blocks(childrenOf(reportBody(layout.body)), { list: null, quote: false });
  const title = words.reportTitle(layout.title);
  const children: Block[] = [
    // The title carries the comments whose words are no longer in the text, so none is lost in the review round.
    ...coverBlock(layout, writer.unplacedComments()),
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
    ...(layout.comments === null ? {} : { comments: { children: writer.wordComments() } }),
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

function coverBlock(layout: ReportLayout, comments: CommentIds[]): Block[] {
  const title = new TextRun({ text: xmlText(words.reportTitle(layout.title)) });
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, children: commented([title], comments) }),
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
      statements.map((s) => {
        const votes = voteCounts(s);
        return [s.text, String(votes.agree), String(votes.neutral), String(votes.disagree)];
      }),
      [false, true, true, true],
    ),
    ...statements.flatMap(statementChart),
    ...citiesSection(statements),
  ];
}

/** The vote per organisation, as the server suppressed it, with the reason some cities are missing. */
function citiesSection(statements: readonly ReportStatement[]): Block[] {
  const rows = cityRows(statements);
  const note = citiesNote(statements);
  if (rows.length === 0 || note === null) return [];
  return [
    new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: words.CITIES, bold: true })] }),
    reportTable(
      [words.STATEMENT, words.ORGANISATION, words.AGREE, words.NEUTRAL, words.DISAGREE],
      [3626, 1800, 1200, 1200, 1200],
      rows,
      [false, false, true, true, true],
    ),
    new Paragraph({ children: [new TextRun({ text: xmlText(note), italics: true })] }),
  ];
}

/** Chart columns: a label, the bar drawn over BAR_STEPS grid columns, the count. */
const CHART = { label: 1300, count: 700, steps: 50 } as const;

/**
 * One stelling's bar chart, drawn as Word draws charts that survive every reader: a borderless table whose
 * coloured cells span as many of its fifty narrow grid columns as the count's share of the longest bar. Word,
 * LibreOffice and pandoc all read it; the count stands beside each bar and the stelling above it.
 */
function statementChart(statement: ReportStatement, index: number): Block[] {
  const counts = voteCounts(statement);
  const shares = barShares(counts);
  const step = Math.floor((TEXT_WIDTH - CHART.label - CHART.count) / CHART.steps);
  const noBorders = Object.fromEntries(
    ['top', 'bottom', 'left', 'right', 'insideHorizontal', 'insideVertical'].map((side) => [
      side,
      { style: BorderStyle.NONE, size: 0, color: 'auto' },
    ]),
  );
  const text = (value: string, options: { bold?: boolean; right?: boolean } = {}) =>
    new Paragraph({
      spacing: { before: 20, after: 20 },
      ...(options.right ? { alignment: AlignmentType.RIGHT } : {}),
      children: [new TextRun({ text: xmlText(value), size: 18, ...(options.bold ? { bold: true } : {}) })],
    });
  const rows = VOTES.map((vote) => {
    const filled = counts[vote] === 0 ? 0 : Math.max(1, Math.round(shares[vote] * CHART.steps));
    const cells = [
      new TableCell({ width: { size: CHART.label, type: WidthType.DXA }, children: [text(VOTE_WORDS[vote])] }),
    ];
    const bar = (span: number, fill: string) =>
      new TableCell({
        columnSpan: span,
        width: { size: span * step, type: WidthType.DXA },
        shading: { fill },
        verticalAlign: VerticalAlign.CENTER,
        children: [new Paragraph({ spacing: { before: 0, after: 0 } })],
      });
    if (filled > 0) cells.push(bar(filled, VOTE_COLOURS[vote].slice(1)));
    if (filled < CHART.steps) cells.push(bar(CHART.steps - filled, 'F0F0F0'));
    cells.push(
      new TableCell({
        width: { size: CHART.count, type: WidthType.DXA },
        children: [text(String(counts[vote]), { bold: true, right: true })],
      }),
    );
    return new TableRow({ cantSplit: true, children: cells });
  });
  return [
    new Paragraph({
      keepNext: true,
      spacing: { before: 200, after: 60 },
      children: [new TextRun({ text: xmlText(`${index + 1}. ${statement.text}`), bold: true })],
    }),
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: [CHART.label, ...Array<number>(CHART.steps).fill(step), CHART.count],
      borders: noBorders,
      rows,
    }),
    // The chart in words, for whoever cannot see the bars.
    new Paragraph({
      style: CAPTION_STYLE,
      children: [new TextRun({ text: xmlText(chartSummary(statement, index)) })],
    }),
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

/** A comment's Word ids: the comment's own, then one per reply (Word threads a reply by its parent's id). */
type CommentIds = number[];

/**
 * Walks the document once, collecting the numbering definitions its lists need as it goes, and placing each
 * comment on the first paragraph or heading that holds its words.
 */
class DocxWriter {
  /** Numbered lists by their start number: Word keeps the start in the definition, not in the paragraph. */
  private readonly numberedStarts = new Set<number>();
  /** Every list gets its own instance, so that a numbered list after another starts again at its own start. */
  private instances = 0;
  private readonly threads: { comment: ReportComment; ids: CommentIds; placed: boolean }[];

  constructor(
    private readonly images: ReadonlyMap<string, ReportImage> = new Map(),
    comments: readonly ReportComment[] = [],
  ) {
    let next = 0;
    this.threads = comments.map((comment) => ({
      comment,
      ids: [comment, ...comment.replies].map(() => next++),
      placed: false,
    }));
  }

  /** The comments to put on the paragraph with this text: each once, where its words first occur. */
  private commentsOn(text: string): CommentIds[] {
    const normal = searchable(text);
    if (normal === '') return [];
    return this.threads
      .filter((thread) => !thread.placed && normal.includes(searchable(thread.comment.quote)))
      .map((thread) => {
        thread.placed = true;
        return thread.ids;
      });
  }

  /** The comments whose words the text no longer holds, after the body has been written. */
  unplacedComments(): CommentIds[] {
    return this.threads.filter((thread) => !thread.placed).map((thread) => thread.ids);
  }

  /** Word's comments part: each comment quoting the words it was made on, then its replies threaded under it. */
  wordComments(): ICommentOptions[] {
    return this.threads.flatMap(({ comment, ids }) => {
      const [id, ...replyIds] = ids as [number, ...number[]];
      const author = (name: string | null) => xmlText(name ?? words.FORMER_MEMBER);
      const initials = (name: string | null) =>
        (name ?? words.FORMER_MEMBER)
          .split(/\s+/)
          .map((part) => part[0] ?? '')
          .join('')
          .slice(0, 3);
      const body = (text: string) =>
        text.split(/\r?\n/).map((line) => new Paragraph({ children: [new TextRun({ text: xmlText(line) })] }));
      const quote = new Paragraph({
        children: [new TextRun({ text: xmlText(`${words.ON_WORDS} \u201c${comment.quote}\u201d`), italics: true })],
      });
      return [
        {
          id,
          author: author(comment.author),
          initials: initials(comment.author),
          date: new Date(comment.at),
          resolved: comment.resolved,
          children: [quote, ...body(comment.body)],
        },
        ...comment.replies.map((reply, i) => ({
          id: replyIds[i]!,
          parentId: id,
          author: author(reply.author),
          initials: initials(reply.author),
          date: new Date(reply.at),
          resolved: comment.resolved,
          children: body(reply.body),
        })),
      ];
    });
  }

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
        return [
          new Paragraph({
            heading: HEADINGS[outlineLevel(node.attrs?.level) - 1]!,
            children: commented(runs(node), this.commentsOn(plainText(node))),
          }),
        ];
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
        return this.image(node);
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
      children: commented(runs(node), this.commentsOn(plainText(node))),
      ...(context.quote ? { style: QUOTE_STYLE } : {}),
      ...(context.cell ? { spacing: { before: 40, after: 40 } } : {}),
      ...(list === null
        ? {}
        : numbered
          ? { style: LIST_STYLE, numbering: { reference: list.reference, instance: list.instance, level: list.level } }
          : { style: LIST_STYLE, indent: { left: 720 * (list.level + 1) } }),
    });
  }

  /** One of the verslag's own images, embedded with its alt text as description and caption; else a link. */
  private image(node: RichTextDocument): Paragraph[] {
    const safe = safeImageUrl(node.attrs?.src);
    const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt.trim() : '';
    const embedded = safe === null ? undefined : this.images.get(safe);
    if (embedded !== undefined) {
      const picture = new ImageRun({
        type: embedded.type,
        data: embedded.bytes,
        transformation: fitImage(embedded, IMAGE_MAX.width, IMAGE_MAX.height),
        altText: { name: xmlText(alt), description: xmlText(alt), title: xmlText(alt) },
      });
      const caption = alt === '' ? [] : [new Paragraph({ style: CAPTION_STYLE, text: xmlText(alt) })];
      return [new Paragraph({ keepNext: alt !== '', spacing: { after: 0 }, children: [picture] }), ...caption];
    }
    // A relative address (our own file, not in the layout) leads nowhere from a downloaded file: text only.
    const src = safe !== null && /^https?:/i.test(safe) ? xmlUrl(safe) : null;
    const label = alt !== '' ? alt : (src ?? '');
    const run = new TextRun({ text: xmlText(label), italics: true, ...(src === null ? {} : { style: 'Hyperlink' }) });
    return [new Paragraph({ children: [src === null ? run : new ExternalHyperlink({ link: src, children: [run] })] })];
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

/** The runs wrapped in each comment's range, its replies' ranges inside, with the references after them. */
function commented(children: ParagraphChild[], comments: CommentIds[]): ParagraphChild[] {
  const ids = comments.flat();
  if (ids.length === 0) return children;
  return [
    ...ids.map((id) => new CommentRangeStart(id)),
    ...children,
    ...ids.map((id) => new CommentRangeEnd(id)),
    ...ids.map((id) => new TextRun({ children: [new CommentReference(id)] })),
  ];
}

/** The plain text of a block's inline content. */
function plainText(node: RichTextDocument): string {
  return childrenOf(node)
    .map((child) => (child.type === 'text' ? (child.text ?? '') : ' '))
    .join('');
}

/** Text compared for a comment's place: whitespace and case do not count. */
function searchable(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLocaleLowerCase('nl');
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

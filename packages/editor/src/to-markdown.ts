import {
  childrenOf,
  columnSpan,
  outlineLevel,
  type RichTextDocument,
  safeImageUrl,
  safeLinkUrl,
  tableRows,
} from './document.ts';

export interface MarkdownOptions {
  /** Written as the level-1 heading above the document, whose own headings then start at level 2. */
  title?: string;
}

type Mark = NonNullable<RichTextDocument['marks']>[number];

/** Marks that wrap a run of text, outermost first; `code` is written per text node because nothing nests in it. */
const MARK_ORDER = ['link', 'bold', 'italic', 'strike'] as const;
const DELIMITERS: Record<string, string> = { bold: '**', italic: '_', strike: '~~' };

/**
 * The document as CommonMark with GitHub's tables and strikethrough: headings, paragraphs, emphasis, code,
 * links, nested lists, quotes, code blocks, rules, tables and images. Text is escaped so that it never turns into
 * markup; links and images other than http(s) and mailto are written as their text only.
 */
export function toMarkdown(doc: RichTextDocument, options: MarkdownOptions = {}): string {
  const shift = options.title === undefined ? 0 : 1;
  const body = blocks(childrenOf(doc), shift);
  const title = options.title === undefined ? '' : `# ${escapeText(options.title, true)}\n\n`;
  return `${title}${body}\n`;
}

function blocks(nodes: RichTextDocument[], shift: number): string {
  return nodes
    .map((node) => block(node, shift))
    .filter((text) => text !== '')
    .join('\n\n');
}

function block(node: RichTextDocument, shift: number): string {
  switch (node.type) {
    case 'paragraph':
      return inline(childrenOf(node));
    case 'heading': {
      const text = inline(childrenOf(node));
      return text === '' ? '' : `${'#'.repeat(Math.min(6, outlineLevel(node.attrs?.level) + shift))} ${text}`;
    }
    case 'blockquote':
      return prefixLines(blocks(childrenOf(node), shift), '> ', '> ');
    case 'bulletList':
      return list(node, () => '- ', shift);
    case 'orderedList': {
      const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1;
      return list(node, (i) => `${start + i}. `, shift);
    }
    case 'codeBlock': {
      const code = childrenOf(node)
        .map((child) => child.text ?? '')
        .join('');
      const fence = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
      const language = typeof node.attrs?.language === 'string' ? node.attrs.language.replace(/[^\w+-]/g, '') : '';
      return `${fence}${language}\n${code}\n${fence}`;
    }
    case 'horizontalRule':
      return '---';
    case 'image':
      return image(node);
    case 'table':
      return table(node);
    default:
      return blocks(childrenOf(node), shift);
  }
}

/** Each item's first line carries the marker; its further lines are indented to the marker's width. */
function list(node: RichTextDocument, marker: (index: number) => string, shift: number): string {
  return childrenOf(node)
    .map((item, i) => {
      const children = childrenOf(item);
      // A nested list follows its paragraph directly, so that the list stays tight as it was typed.
      const body = children
        .map((child, j) => {
          const text = block(child, shift);
          const previous = children[j - 1];
          return j === 0 || isList(child) || previous === undefined ? text : `\n${text}`;
        })
        .join('\n');
      const first = marker(i);
      return prefixLines(body, first, ' '.repeat(first.length));
    })
    .join('\n');
}

function isList(node: RichTextDocument): boolean {
  return node.type === 'bulletList' || node.type === 'orderedList';
}

/** GitHub tables need a header row: the first row is it, whether or not its cells were marked as headers. */
function table(node: RichTextDocument): string {
  const rows = tableRows(node).map((row) =>
    row.cells.flatMap((cell) => {
      const text = cellText(cell);
      return [text, ...Array<string>(columnSpan(cell) - 1).fill('')];
    }),
  );
  const width = Math.max(0, ...rows.map((row) => row.length));
  if (width === 0) return '';
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const [header = [], ...rest] = rows;
  return [line(header), line(Array<string>(width).fill('---')), ...rest.map(line)].join('\n');
}

/** A cell's blocks on one line: a GitHub table row cannot hold a line break. */
function cellText(cell: RichTextDocument): string {
  return childrenOf(cell)
    .map((child) => (child.type === 'image' ? image(child) : inline(flatten(child))))
    .filter((text) => text !== '')
    .join(' ');
}

/** The inline content of a block and of all blocks within it, with a space between blocks. */
function flatten(node: RichTextDocument): RichTextDocument[] {
  if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'codeBlock') return childrenOf(node);
  return childrenOf(node).flatMap((child, i) => [...(i > 0 ? [{ type: 'text', text: ' ' }] : []), ...flatten(child)]);
}

function image(node: RichTextDocument): string {
  const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt : '';
  const src = safeImageUrl(node.attrs?.src);
  if (src === null) return escapeText(alt, false);
  const title = typeof node.attrs?.title === 'string' && node.attrs.title !== '' ? node.attrs.title : null;
  const titlePart = title === null ? '' : ` "${title.replace(/["\\]/g, '\\$&')}"`;
  return `![${escapeText(alt, false)}](${destination(src)}${titlePart})`;
}

/**
 * Inline content with its marks. Marks stay open across text nodes that share them (`**a _b_**`, not
 * `**a****_b_**`), and spaces are moved outside delimiters because CommonMark ignores `** a**` as emphasis.
 */
function inline(nodes: RichTextDocument[]): string {
  let out = '';
  let open: Mark[] = [];
  let pendingSpace = '';

  const closeTo = (keep: number) => {
    while (open.length > keep) {
      const mark = open.pop()!;
      out += mark.type === 'link' ? `](${destination(safeLinkUrl(mark.attrs?.href) ?? '')})` : DELIMITERS[mark.type];
    }
  };

  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      closeTo(0);
      out += '\\\n';
      pendingSpace = '';
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const marks = wrappingMarks(node.marks);
    const code = node.marks?.some((mark) => mark.type === 'code') ?? false;
    let keep = 0;
    while (keep < open.length && keep < marks.length && sameMark(open[keep]!, marks[keep]!)) keep++;
    closeTo(keep);

    const [, lead = '', core = '', trail = ''] = /^(\s*)(.*?)(\s*)$/s.exec(node.text) ?? [];
    out += pendingSpace + lead;
    if (core === '') {
      pendingSpace = trail;
      continue;
    }
    for (const mark of marks.slice(keep)) out += mark.type === 'link' ? '[' : DELIMITERS[mark.type];
    open = marks;
    out += code ? codeSpan(core) : escapeText(core, /(^|\n)[ \t]*$/.test(out));
    pendingSpace = trail;
  }
  closeTo(0);
  return (out + pendingSpace).trim();
}

/** The marks of a text node that Markdown writes as delimiters around it, outermost first; unsafe links dropped. */
function wrappingMarks(marks: RichTextDocument['marks']): Mark[] {
  return (marks ?? [])
    .filter((mark) => mark.type !== 'link' || safeLinkUrl(mark.attrs?.href) !== null)
    .filter((mark) => (MARK_ORDER as readonly string[]).includes(mark.type))
    .sort((a, b) => MARK_ORDER.indexOf(a.type as never) - MARK_ORDER.indexOf(b.type as never));
}

function sameMark(a: Mark, b: Mark): boolean {
  return a.type === b.type && (a.type !== 'link' || a.attrs?.href === b.attrs?.href);
}

function codeSpan(text: string): string {
  const ticks = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A link destination, in angle brackets when it holds characters that would end it early. */
function destination(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
}

/**
 * Text escaped so that Markdown shows it as written: punctuation that opens inline markup anywhere, and what
 * would start a heading, quote or list at the start of a line. `&` only where it would begin an entity.
 */
function escapeText(text: string, atLineStart: boolean): string {
  const escaped = text.replace(/[\\`*_[\]<|~]/g, '\\$&').replace(/&(?=#?\w+;)/g, '\\&');
  return atLineStart ? escaped.replace(/^(\d+)([.)])/, '$1\\$2').replace(/^[#>+=-]/, '\\$&') : escaped;
}

function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => {
      const prefix = i === 0 ? first : rest;
      return line === '' ? prefix.trimEnd() : prefix + line;
    })
    .join('\n');
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

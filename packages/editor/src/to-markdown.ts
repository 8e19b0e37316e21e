import {
  childrenOf,
  columnSpan,
  outlineLevel,
  type RichTextDocument,
  safeImageUrl,
  safeLinkUrl,
  tableRows,
} from './document.ts';
import { reportDocument } from './report-document.ts';
import type { ReportLayout } from './report-layout.ts';
import { reportTitle } from './report-words.ts';

export interface MarkdownOptions {
  /** Written as the level-1 heading above the document, whose own headings then start at level 2. */
  title?: string;
}

type Mark = NonNullable<RichTextDocument['marks']>[number];

/** Marks that wrap a run of text, outermost first; `code` is written per text node because nothing nests in it. */
const MARK_ORDER = ['link', 'bold', 'italic', 'strike'] as const;
const DELIMITERS: Record<string, string> = { bold: '**', italic: '_', strike: '~~' };

/** Where inline content is written: a heading or a table cell holds one line, so a hard break becomes a space. */
type InlinePlace = 'block' | 'heading' | 'cell';

/**
 * The document as CommonMark with GitHub's tables and strikethrough: headings, paragraphs, emphasis, code,
 * links, nested lists, quotes, code blocks, rules, tables and images. Every piece of text is escaped for where it
 * stands, so that it never turns into markup — above all never into raw HTML, which third-party viewers render;
 * links and images other than http(s) and mailto are written as their text only.
 */
export function toMarkdown(doc: RichTextDocument, options: MarkdownOptions = {}): string {
  const shift = options.title === undefined ? 0 : 1;
  const body = blocks(childrenOf(doc), shift);
  const title = options.title === undefined ? '' : `${heading(1, escapeText(options.title, true))}\n\n`;
  return `${title}${body}\n`;
}

/** A verslag as Markdown in the house style's order and words, under its title. */
export function reportToMarkdown(layout: ReportLayout): string {
  return toMarkdown(reportDocument(layout), { title: reportTitle(layout.title) });
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
      return inline(childrenOf(node), 'block');
    case 'heading': {
      const text = inline(childrenOf(node), 'heading');
      return text === '' ? '' : heading(outlineLevel(node.attrs?.level) + shift, text);
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
      // A bare CR ends a line for CommonMark but not for the prefixes of a list or quote, which would then end
      // around the code block and let its next line be read as markup.
      const code = childrenOf(node)
        .map((child) => child.text ?? '')
        .join('')
        .replace(/\r\n?/g, '\n');
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

/** An ATX heading; a `#` run at its end is escaped, or CommonMark would drop it as the closing sequence. */
function heading(level: number, text: string): string {
  return `${'#'.repeat(Math.min(6, level))} ${text.replace(/(^|\s)#(#*)$/, '$1\\#$2')}`;
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
    .map((child) => (child.type === 'image' ? image(child) : inline(flatten(child), 'cell')))
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
  // Written as a paragraph of its own: leading spaces would make it indented code.
  if (src === null) return escapeText(alt.trim(), true);
  const title = typeof node.attrs?.title === 'string' && node.attrs.title !== '' ? node.attrs.title : null;
  const titlePart = title === null ? '' : ` "${escapeTitle(title)}"`;
  return `![${escapeText(alt, false)}](${destination(src)}${titlePart})`;
}

/**
 * Inline content with its marks. Marks stay open across text nodes that share them (`**a _b_**`, not
 * `**a****_b_**`), and spaces are moved outside delimiters because CommonMark ignores `** a**` as emphasis.
 */
function inline(nodes: RichTextDocument[], place: InlinePlace): string {
  let out = '';
  let open: Mark[] = [];
  let pendingSpace = '';

  const closeTo = (keep: number) => {
    while (open.length > keep) {
      const mark = open.pop()!;
      out += mark.type === 'link' ? `](${destination(safeLinkUrl(mark.attrs?.href) ?? '')})` : DELIMITERS[mark.type];
    }
  };

  for (const node of mergeText(nodes)) {
    if (node.type === 'hardBreak') {
      closeTo(0);
      out += place === 'block' ? '\\\n' : ' ';
      pendingSpace = '';
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const marks = wrappingMarks(node.marks);
    const code = node.marks?.some((mark) => mark.type === 'code') ?? false;
    let keep = 0;
    while (keep < open.length && keep < marks.length && sameMark(open[keep]!, marks[keep]!)) keep++;
    closeTo(keep);

    const [, lead = '', core = '', trail = ''] = /^(\s*)(.*?)(\s*)$/s.exec(oneLine(node.text)) ?? [];
    out += pendingSpace + lead;
    if (core === '') {
      pendingSpace = trail;
      continue;
    }
    for (const mark of marks.slice(keep)) out += mark.type === 'link' ? '[' : DELIMITERS[mark.type];
    open = marks;
    out += code ? codeSpan(core, place) : escapeText(core, /(^|\n)[ \t]*$/.test(out));
    pendingSpace = trail;
  }
  closeTo(0);
  return (out + pendingSpace).trim();
}

/**
 * Adjacent text nodes with the same marks as one: each node is escaped on its own, and `1` followed by `. x`
 * would otherwise come out as a list marker that neither node holds alone.
 */
function mergeText(nodes: RichTextDocument[]): RichTextDocument[] {
  const merged: RichTextDocument[] = [];
  for (const node of nodes) {
    const last = merged.at(-1);
    if (last?.type === 'text' && node.type === 'text' && sameMarks(last.marks, node.marks)) {
      merged[merged.length - 1] = { ...last, text: (last.text ?? '') + (node.text ?? '') };
    } else merged.push(node);
  }
  return merged;
}

function sameMarks(a: RichTextDocument['marks'], b: RichTextDocument['marks']): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
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

/**
 * A code span: nothing is escaped inside one, so its fence is longer than any backtick run in it. Block structure
 * is read before code spans, so it holds no line ending, and in a table cell a `|` still ends the cell unless
 * escaped (GitHub's tables drop the backslash).
 */
function codeSpan(text: string, place: InlinePlace): string {
  const ticks = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  const content = place === 'cell' ? text.replace(/\|/g, '\\|') : text;
  return `${ticks}${pad}${content}${pad}${ticks}`;
}

/**
 * A link destination that CommonMark reads back as this URL, whatever it holds: spaces, control characters and
 * `<>` percent-encoded (a line ending would end the link and let the rest be read as markup), parentheses and `\`
 * escaped, and `&` where it would begin an entity.
 */
function destination(url: string): string {
  return [...url]
    .map((char) => {
      const code = char.charCodeAt(0);
      if (code <= 0x20 || code === 0x7f || char === '<' || char === '>') return encodeURIComponent(char);
      return char;
    })
    .join('')
    .replace(/[()\\]/g, '\\$&')
    .replace(/&(?=#?\w+;)/g, '\\&');
}

/**
 * An image's title, for between double quotes: on one line (a blank line would end the image and turn the rest
 * into a paragraph, where `<img …>` is raw HTML), with the quote, `\`, `&` and `<>` escaped so that it stays text
 * even in a viewer that fails to read it as a title.
 */
function escapeTitle(title: string): string {
  return oneLine(title).replace(/["\\&<>]/g, '\\$&');
}

/**
 * Text escaped so that Markdown shows it as written: punctuation that opens inline markup anywhere (`<` above
 * all, which would open raw HTML), and what would start a heading, quote or list at the start of a line. `&` only
 * where it would begin an entity. Line endings become spaces: a line ending inside a text could start a block —
 * after a blank line even an HTML block — where no start-of-line escape was made.
 */
function escapeText(text: string, atLineStart: boolean): string {
  const escaped = oneLine(text)
    .replace(/[\\`*_[\]<|~]/g, '\\$&')
    .replace(/&(?=#?\w+;)/g, '\\&');
  return atLineStart ? escaped.replace(/^(\d+)([.)])/, '$1\\$2').replace(/^[#>+=-]/, '\\$&') : escaped;
}

/** Text with its line endings (LF, CR or CRLF, all of which CommonMark reads as one) as spaces. */
function oneLine(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ');
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

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

export interface HtmlOptions {
  /** The page's `<title>` and its `<h1>`; the document's own headings then start at `<h2>`. */
  title?: string;
  /** The language of the text, for screen readers and hyphenation. Dutch unless told otherwise. */
  lang?: string;
}

/** Tags of the marks, outermost first; a link wraps them all so that one link is one `<a>` per text node. */
const MARK_TAGS: [string, string][] = [
  ['bold', 'strong'],
  ['italic', 'em'],
  ['underline', 'u'],
  ['strike', 's'],
  ['code', 'code'],
];

const STYLE =
  'body{font-family:system-ui,sans-serif;line-height:1.5;max-width:45rem;margin:2rem auto;padding:0 1rem}' +
  'table{border-collapse:collapse}th,td{border:1px solid #888;padding:.25rem .5rem;vertical-align:top}' +
  'blockquote{border-left:.25rem solid #ccc;margin-left:0;padding-left:1rem}img{max-width:100%}';

/**
 * The document as a complete, standalone HTML page. Every text is escaped and only the document's own
 * structure becomes markup: there is no raw-HTML node, links go only to http(s) and mailto, and images load only
 * over http(s), so a stored document cannot inject script into whoever opens the export.
 */
export function toHtml(doc: RichTextDocument, options: HtmlOptions = {}): string {
  const shift = options.title === undefined ? 0 : 1;
  const title = options.title === undefined ? '' : `<h1>${escapeHtml(options.title)}</h1>\n`;
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(options.lang ?? 'nl')}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title ?? '')}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `${title}${blocks(childrenOf(doc), shift)}`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The document's content as an HTML fragment for a page that has its own `<h1>` (the published verslag, the
 * print view): the same escaped, script-free markup as `toHtml`, with the document's headings from `<h2>` on.
 */
export function toHtmlBody(doc: RichTextDocument): string {
  return blocks(childrenOf(doc), 1);
}

/**
 * A verslag as a complete, standalone HTML page in the house style's order and words (cover facts, theme(s),
 * presentielijst, body, stellingen, afspraken), with the same escaping as `toHtml`.
 */
export function reportToHtml(layout: ReportLayout): string {
  return toHtml(reportDocument(layout), { title: reportTitle(layout.title) });
}

/** A verslag's layout as an HTML fragment for a page that has its own `<h1>` (the print view). */
export function reportToHtmlBody(layout: ReportLayout): string {
  return toHtmlBody(reportDocument(layout));
}

function blocks(nodes: RichTextDocument[], shift: number): string {
  return nodes.map((node) => block(node, shift)).join('\n');
}

function block(node: RichTextDocument, shift: number): string {
  switch (node.type) {
    case 'paragraph':
      return `<p>${inline(childrenOf(node))}</p>`;
    case 'heading': {
      const level = Math.min(6, outlineLevel(node.attrs?.level) + shift);
      return `<h${level}>${inline(childrenOf(node))}</h${level}>`;
    }
    case 'blockquote':
      return `<blockquote>\n${blocks(childrenOf(node), shift)}\n</blockquote>`;
    case 'bulletList':
      return `<ul>\n${blocks(childrenOf(node), shift)}\n</ul>`;
    case 'orderedList': {
      const start = node.attrs?.start;
      const startAttribute = typeof start === 'number' && start !== 1 ? ` start="${Math.floor(start)}"` : '';
      return `<ol${startAttribute}>\n${blocks(childrenOf(node), shift)}\n</ol>`;
    }
    case 'listItem':
      return `<li>${blocks(childrenOf(node), shift)}</li>`;
    case 'codeBlock': {
      const language = typeof node.attrs?.language === 'string' ? node.attrs.language.replace(/[^\w+-]/g, '') : '';
      const classAttribute = language === '' ? '' : ` class="language-${language}"`;
      const code = childrenOf(node)
        .map((child) => child.text ?? '')
        .join('');
      return `<pre><code${classAttribute}>${escapeHtml(code)}</code></pre>`;
    }
    case 'horizontalRule':
      return '<hr>';
    case 'image': {
      const src = safeImageUrl(node.attrs?.src);
      const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt : '';
      if (src === null) return alt === '' ? '' : `<p>${escapeHtml(alt)}</p>`;
      const title = typeof node.attrs?.title === 'string' ? ` title="${escapeHtml(node.attrs.title)}"` : '';
      return `<p><img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"${title}></p>`;
    }
    case 'table':
      return table(node, shift);
    default:
      return blocks(childrenOf(node), shift);
  }
}

function table(node: RichTextDocument, shift: number): string {
  const rows = tableRows(node).map(({ cells }, rowIndex) => {
    const html = cells.map((cell) => {
      const tag = cell.type === 'tableHeader' ? 'th' : 'td';
      const span = columnSpan(cell);
      const rowSpan = typeof cell.attrs?.rowspan === 'number' && cell.attrs.rowspan > 1 ? cell.attrs.rowspan : 1;
      const attributes =
        (tag === 'th' && rowIndex === 0 ? ' scope="col"' : '') +
        (span > 1 ? ` colspan="${span}"` : '') +
        (rowSpan > 1 ? ` rowspan="${Math.floor(rowSpan)}"` : '');
      return `<${tag}${attributes}>${blocks(childrenOf(cell), shift)}</${tag}>`;
    });
    return `<tr>${html.join('')}</tr>`;
  });
  return `<table>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function inline(nodes: RichTextDocument[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'hardBreak') return '<br>';
      if (node.type !== 'text') return '';
      const marks = new Set((node.marks ?? []).map((mark) => mark.type));
      let html = escapeHtml(node.text ?? '');
      for (const [mark, tag] of [...MARK_TAGS].reverse()) {
        if (marks.has(mark)) html = `<${tag}>${html}</${tag}>`;
      }
      const href = safeLinkUrl(node.marks?.find((mark) => mark.type === 'link')?.attrs?.href);
      return href === null ? html : `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${html}</a>`;
    })
    .join('');
}

/** Text and attribute values with every character that HTML gives meaning to replaced by its entity. */
function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

import {
  childrenOf,
  columnSpan,
  outlineLevel,
  type RichTextDocument,
  safeImageUrl,
  safeLinkUrl,
  tableRows,
} from './document.ts';
import { barShares, chartSummary, VOTE_COLOURS, VOTE_WORDS, VOTES, voteCounts } from './report-chart.ts';
import { reportDocument } from './report-document.ts';
import { fitImage } from './report-image.ts';
import type { ReportImage, ReportLayout, ReportStatement } from './report-layout.ts';
import { reportTitle } from './report-words.ts';

export interface HtmlOptions {
  /** The page's `<title>` and its `<h1>`; the document's own headings then start at `<h2>`. */
  title?: string;
  /** The language of the text, for screen readers and hyphenation. Dutch unless told otherwise. */
  lang?: string;
  /** Images of our own bestanden by their `src`: drawn from their bytes (a data: URL), so any reader sees them. */
  images?: ReadonlyMap<string, ReportImage>;
}

/** How deep the headings start, and the images to embed. */
interface Context {
  shift: number;
  images: ReadonlyMap<string, ReportImage>;
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
  'blockquote{border-left:.25rem solid #ccc;margin-left:0;padding-left:1rem}img,svg{max-width:100%;height:auto}' +
  'figcaption{font-size:.875rem;font-style:italic;color:#555}';

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
    `${title}${blocks(childrenOf(doc), { shift, images: options.images ?? new Map() })}`,
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
export function toHtmlBody(doc: RichTextDocument, options: Pick<HtmlOptions, 'images'> = {}): string {
  return blocks(childrenOf(doc), { shift: 1, images: options.images ?? new Map() });
}

/**
 * A verslag as a complete, standalone HTML page in the house style's order and words (cover facts, theme(s),
 * presentielijst, body, stellingen, afspraken), with the same escaping as `toHtml`.
 */
export function reportToHtml(layout: ReportLayout): string {
  return toHtml(reportDocument(layout), { title: reportTitle(layout.title), images: layout.images });
}

/** A verslag's layout as an HTML fragment for a page that has its own `<h1>` (the print view). */
export function reportToHtmlBody(layout: ReportLayout): string {
  return toHtmlBody(reportDocument(layout), { images: layout.images });
}

function blocks(nodes: RichTextDocument[], context: Context): string {
  return nodes.map((node) => block(node, context)).join('\n');
}

function block(node: RichTextDocument, context: Context): string {
  switch (node.type) {
    case 'paragraph':
      return `<p>${inline(childrenOf(node))}</p>`;
    case 'heading': {
      const level = Math.min(6, outlineLevel(node.attrs?.level) + context.shift);
      return `<h${level}>${inline(childrenOf(node))}</h${level}>`;
    }
    case 'blockquote':
      return `<blockquote>\n${blocks(childrenOf(node), context)}\n</blockquote>`;
    case 'bulletList':
      return `<ul>\n${blocks(childrenOf(node), context)}\n</ul>`;
    case 'orderedList': {
      const start = node.attrs?.start;
      const startAttribute = typeof start === 'number' && start !== 1 ? ` start="${Math.floor(start)}"` : '';
      return `<ol${startAttribute}>\n${blocks(childrenOf(node), context)}\n</ol>`;
    }
    case 'listItem':
      return `<li>${blocks(childrenOf(node), context)}</li>`;
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
    case 'image':
      return image(node, context.images);
    case 'statementChart':
      return statementCharts(node.attrs?.statements as ReportStatement[] | undefined);
    case 'table':
      return table(node, context);
    default:
      return blocks(childrenOf(node), context);
  }
}

function table(node: RichTextDocument, context: Context): string {
  const rows = tableRows(node).map(({ cells }, rowIndex) => {
    const html = cells.map((cell) => {
      const tag = cell.type === 'tableHeader' ? 'th' : 'td';
      const span = columnSpan(cell);
      const rowSpan = typeof cell.attrs?.rowspan === 'number' && cell.attrs.rowspan > 1 ? cell.attrs.rowspan : 1;
      const attributes =
        (tag === 'th' && rowIndex === 0 ? ' scope="col"' : '') +
        (span > 1 ? ` colspan="${span}"` : '') +
        (rowSpan > 1 ? ` rowspan="${Math.floor(rowSpan)}"` : '');
      return `<${tag}${attributes}>${blocks(childrenOf(cell), context)}</${tag}>`;
    });
    return `<tr>${html.join('')}</tr>`;
  });
  return `<table>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function image(node: RichTextDocument, images: ReadonlyMap<string, ReportImage>): string {
  const src = safeImageUrl(node.attrs?.src);
  const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt : '';
  if (src === null) return alt === '' ? '' : `<p>${escapeHtml(alt)}</p>`;
  const title = typeof node.attrs?.title === 'string' ? ` title="${escapeHtml(node.attrs.title)}"` : '';
  const own = images.get(src);
  if (own === undefined) return `<p><img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"${title}></p>`;
  const { width, height } = fitImage(own, 720, 720);
  const data = `data:image/${own.type === 'png' ? 'png' : 'jpeg'};base64,${Buffer.from(own.bytes).toString('base64')}`;
  const caption = alt === '' ? '' : `<figcaption>${escapeHtml(alt)}</figcaption>`;
  return `<figure><img src="${data}" alt="${escapeHtml(alt)}" width="${width}" height="${height}"${title}>${caption}</figure>`;
}

/**
 * The stellingen as bar charts in SVG (attributes only, no style, so a strict style policy keeps them): per
 * stelling three labelled bars with their counts, a `<title>` saying the same in words for a screen reader.
 */
function statementCharts(statements: ReportStatement[] | undefined): string {
  if (!Array.isArray(statements)) return '';
  const [label, bar, count, row] = [80, 400, 40, 22];
  return statements
    .map((statement, index) => {
      const counts = voteCounts(statement);
      const shares = barShares(counts);
      const bars = VOTES.map((vote, i) => {
        const y = i * row;
        const length = Math.round(shares[vote] * bar);
        return (
          `<text x="0" y="${y + 15}" font-size="13">${escapeHtml(VOTE_WORDS[vote])}</text>` +
          `<rect x="${label}" y="${y + 3}" width="${bar}" height="14" fill="#f0f0f0"/>` +
          (length > 0
            ? `<rect x="${label}" y="${y + 3}" width="${length}" height="14" fill="${VOTE_COLOURS[vote]}"/>`
            : '') +
          `<text x="${label + bar + count}" y="${y + 15}" font-size="13" font-weight="bold" text-anchor="end">${counts[vote]}</text>`
        );
      }).join('');
      const id = `stelling-${index + 1}`;
      const width = label + bar + count;
      return (
        `<figure><figcaption><strong>${index + 1}. ${escapeHtml(statement.text)}</strong></figcaption>` +
        `<svg role="img" aria-labelledby="${id}" viewBox="0 0 ${width} ${VOTES.length * row}" width="${width}" ` +
        `height="${VOTES.length * row}" font-family="sans-serif"><title id="${id}">` +
        `${escapeHtml(chartSummary(statement, index))}</title>${bars}</svg></figure>`
      );
    })
    .join('\n');
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

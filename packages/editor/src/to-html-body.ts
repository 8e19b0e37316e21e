import type { RichTextDocument } from './document.ts';
import { toHtml } from './to-html.ts';

/**
 * The document's content as an HTML fragment for a page that has its own `<h1>` (the published verslag): the
 * same escaped, script-free markup as `toHtml`, with the document's headings starting at `<h2>`.
 */
export function toHtmlBody(doc: RichTextDocument): string {
  // A title shifts the headings by one; its <h1> and the page around the content are then cut off. All text is
  // escaped, so the first <main> and the last </main> are the page's own.
  const page = toHtml(doc, { title: '' });
  const start = page.indexOf('<main>\n<h1></h1>\n') + '<main>\n<h1></h1>\n'.length;
  return page.slice(start, page.lastIndexOf('\n</main>'));
}

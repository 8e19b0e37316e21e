import type { JSONContent } from '@tiptap/core';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { editorSchema, HEADING_LEVELS } from './schema.ts';

/** A rich-text document as ProseMirror JSON: what the renderers read and what `documentFromFragment` returns. */
export type RichTextDocument = JSONContent;

/**
 * Reads the rich text held in a Yjs fragment (the one Tiptap's Collaboration extension edits) as ProseMirror JSON
 * in Klankbord's schema. Needs no DOM. Content the schema does not know, which an older or newer client may have
 * written, is left out rather than failing the whole document.
 */
export function documentFromFragment(fragment: Y.XmlFragment): RichTextDocument {
  return yXmlFragmentToProseMirrorRootNode(fragment, editorSchema()).toJSON() as RichTextDocument;
}

/**
 * The depth (1 = top) at which an editor heading stands in an exported document. The editor offers only
 * HEADING_LEVELS because its page already holds h1 and h2; an export stands alone, so its first level becomes 1.
 */
export function outlineLevel(level: unknown): 1 | 2 | 3 | 4 | 5 | 6 {
  const n = typeof level === 'number' && Number.isInteger(level) ? level : HEADING_LEVELS[0];
  return Math.min(6, Math.max(1, n - HEADING_LEVELS[0] + 1)) as 1 | 2 | 3 | 4 | 5 | 6;
}

/**
 * The URL of a link if an export may point to it: the web and mail only. The editor already refuses other
 * schemes, but a stored document may come from any client, so every renderer checks again.
 */
export function safeLinkUrl(href: unknown): string | null {
  return typeof href === 'string' && /^(https?:\/\/|mailto:)/i.test(href.trim()) ? href.trim() : null;
}

/**
 * The URL of an image if an export may point to it: http(s), or one of our own bestanden (`/api/attachments/<id>`,
 * which the exports embed) — so no data: or javascript: URLs.
 */
export function safeImageUrl(src: unknown): string | null {
  if (typeof src !== 'string') return null;
  const url = src.trim();
  return /^https?:\/\//i.test(url) || /^\/api\/attachments\/[1-9]\d{0,15}$/.test(url) ? url : null;
}

/** The child nodes of a node, or none. */
export function childrenOf(node: JSONContent): JSONContent[] {
  return node.content ?? [];
}

/** The rows of a table as arrays of cells, each cell with its column span (tables may have merged cells). */
export function tableRows(table: JSONContent): { header: boolean; cells: JSONContent[] }[] {
  return childrenOf(table)
    .filter((row) => row.type === 'tableRow')
    .map((row) => {
      const cells = childrenOf(row).filter((cell) => cell.type === 'tableCell' || cell.type === 'tableHeader');
      return { header: cells.length > 0 && cells.every((cell) => cell.type === 'tableHeader'), cells };
    });
}

/** How many columns a table cell spans. */
export function columnSpan(cell: JSONContent): number {
  const span = cell.attrs?.colspan;
  return typeof span === 'number' && span > 1 ? Math.floor(span) : 1;
}

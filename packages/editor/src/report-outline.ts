import { childrenOf, type RichTextDocument } from './document.ts';
import { HEADING_LEVELS } from './schema.ts';

/**
 * A verslag's body as every output renders it: headings without text and empty paragraphs left out (a deleted
 * heading's text must not leave an empty Heading 1 behind, and the house style spaces paragraphs itself), and
 * heading levels made to follow the outline: the highest level the text uses becomes the first editor level,
 * the next the second, and so on. Verslagen scaffolded before the editor's levels were fixed hold levels 2 and 3
 * (programme item, deelsessie), which the editor's [3, 4] would both have clamped to the top; ranking the levels
 * keeps a deelsessie below its programme item whichever pair the text uses. `outlineLevel` then maps them to 1, 2….
 */
export function reportBody(doc: RichTextDocument): RichTextDocument {
  const used = new Set<number>();
  collectLevels(doc, used);
  const rank = new Map([...used].sort((a, b) => a - b).map((level, i) => [level, HEADING_LEVELS[0] + i]));
  return { ...doc, content: cleanBlocks(childrenOf(doc), rank) };
}

function headingLevel(node: RichTextDocument): number {
  const level = node.attrs?.level;
  return typeof level === 'number' && Number.isInteger(level) ? level : HEADING_LEVELS[0];
}

function collectLevels(node: RichTextDocument, used: Set<number>): void {
  for (const child of childrenOf(node)) {
    if (child.type === 'heading') {
      if (hasText(child)) used.add(headingLevel(child));
    } else collectLevels(child, used);
  }
}

function cleanBlocks(nodes: RichTextDocument[], rank: Map<number, number>): RichTextDocument[] {
  return nodes.flatMap((node) => {
    if (node.type === 'heading') {
      if (!hasText(node)) return [];
      return [{ ...node, attrs: { ...node.attrs, level: rank.get(headingLevel(node)) ?? HEADING_LEVELS[0] } }];
    }
    if (node.type === 'paragraph') return hasContent(node) ? [node] : [];
    // Inside lists and tables an empty paragraph holds a place (an empty cell, an item): keep it.
    if (node.type === 'blockquote') return [{ ...node, content: cleanBlocks(childrenOf(node), rank) }];
    return [node];
  });
}

/** True when a text block holds visible text (not only spaces). */
function hasText(node: RichTextDocument): boolean {
  return childrenOf(node).some((child) => child.type === 'text' && (child.text ?? '').trim() !== '');
}

/** True when a paragraph holds anything to show: text, or a line break between words. */
function hasContent(node: RichTextDocument): boolean {
  return hasText(node) || childrenOf(node).some((child) => child.type !== 'text' && child.type !== 'hardBreak');
}

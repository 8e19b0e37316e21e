import { childrenOf, type RichTextDocument } from './document.ts';

/** Nodes after which the text of the next one starts on a new line, so that words never run together. */
const LINE_NODES = new Set([
  'paragraph',
  'heading',
  'codeBlock',
  'tableRow',
  'listItem',
  'blockquote',
  'bulletList',
  'orderedList',
]);

/** Nodes whose children are inline content: their pieces are joined without spaces. */
const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

/** The text of a node on one line: a table cell holds blocks, and they must not break its row apart. */
function flatText(node: RichTextDocument): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return ' ';
  if (node.type === 'image') return typeof node.attrs?.alt === 'string' ? node.attrs.alt : '';
  const parts = childrenOf(node).map(flatText);
  return node.type !== undefined && TEXT_BLOCKS.has(node.type)
    ? parts.join('')
    : parts.filter((part) => part.trim() !== '').join(' ');
}

/**
 * The plain text of a document, for the search index and previews: every word in reading order, one block per
 * line, table cells separated by tabs, images by their alt text. Marks and link targets are left out.
 */
export function toText(doc: RichTextDocument): string {
  const lines: string[] = [];
  let line = '';
  const endLine = () => {
    if (line.trim() !== '') lines.push(line.trim());
    line = '';
  };
  const visit = (node: RichTextDocument) => {
    switch (node.type) {
      case 'text':
        line += node.text ?? '';
        return;
      case 'hardBreak':
        endLine();
        return;
      case 'image':
        endLine();
        line = typeof node.attrs?.alt === 'string' ? node.attrs.alt : '';
        endLine();
        return;
      case 'tableCell':
      case 'tableHeader':
        if (line !== '') line += '\t';
        line += flatText(node);
        return;
      default:
        for (const child of childrenOf(node)) visit(child);
        if (node.type !== undefined && LINE_NODES.has(node.type)) endLine();
    }
  };
  visit(doc);
  endLine();
  return lines.join('\n');
}

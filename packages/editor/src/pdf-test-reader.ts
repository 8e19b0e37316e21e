import { inflateSync } from 'node:zlib';
import { getDocumentProxy } from 'unpdf';

// For the PDF tests: the file read back as a PDF reader and a screen reader see it. Not part of the renderer.

/**
 * A PDF's objects by number, as text (latin1, so that every byte survives). pdfkit writes no object streams, so
 * every dictionary is in plain sight; only page contents and images are compressed.
 */
export function pdfObjects(pdf: Uint8Array): Map<number, string> {
  const text = Buffer.from(pdf).toString('latin1');
  const objects = new Map<number, string>();
  for (const match of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(Number(match[1]), match[2] ?? '');
  return objects;
}

/** The object that `/Key n 0 R` in a dictionary refers to. */
export function referenced(objects: Map<number, string>, dictionary: string, key: string): string | undefined {
  const match = new RegExp(`/${key} (\\d+) 0 R`).exec(dictionary);
  return match ? objects.get(Number(match[1])) : undefined;
}

/** Each page's content stream, inflated, in page order. */
export function pageContents(pdf: Uint8Array): string[] {
  const objects = pdfObjects(pdf);
  const catalog = [...objects.values()].find((object) => object.includes('/Type /Catalog')) ?? '';
  const kids = /\/Kids \[([^\]]*)\]/.exec(referenced(objects, catalog, 'Pages') ?? '')?.[1] ?? '';
  return [...kids.matchAll(/(\d+) 0 R/g)].map((kid) => {
    const stream = referenced(objects, objects.get(Number(kid[1])) ?? '', 'Contents') ?? '';
    const data = stream.slice(stream.indexOf('stream\n') + 7, stream.lastIndexOf('\nendstream'));
    return inflateSync(Buffer.from(data, 'latin1')).toString('latin1');
  });
}

/** A content stream's operations, one a line as pdfkit writes them, each with how deep in marked content it is. */
export function operations(content: string): { operator: string; line: string; depth: number }[] {
  let depth = 0;
  return content.split('\n').map((line) => {
    const operator = line.trim().split(/\s+/).at(-1) ?? '';
    if (operator === 'EMC') depth--;
    const out = { operator, line, depth: operator === 'BDC' || operator === 'BMC' ? depth + 1 : depth };
    if (operator === 'BDC' || operator === 'BMC') depth++;
    return out;
  });
}

/** Where each image is drawn: its page (from 0) and its box, in points from the page's top left. */
export function drawnImages(
  pdf: Uint8Array,
): { page: number; x: number; top: number; width: number; height: number }[] {
  return pageContents(pdf).flatMap((content, page) => {
    const lines = content.split('\n');
    return lines.flatMap((line, i) => {
      // pdfkit draws the page upside down: an image's matrix is w 0 0 -h x (top + h).
      const matrix = /^([\d.]+) 0 0 -([\d.]+) ([\d.]+) ([\d.]+) cm$/.exec(line);
      if (matrix === null || !/^\/I\d+ Do$/.test(lines[i + 1] ?? '')) return [];
      const [width, height, x, bottom] = matrix.slice(1).map(Number) as [number, number, number, number];
      return [{ page, x, top: bottom - height, width, height }];
    });
  });
}

/** An element of the structure tree as pdf.js reads it for a browser's accessibility tree, with its text. */
export interface ReadElement {
  role: string;
  alt: string | undefined;
  text: string;
  children: ReadElement[];
}

interface TreeNode {
  role?: string;
  alt?: string;
  type?: string;
  id?: string;
  children?: TreeNode[];
}

/** Every page's structure: the elements with content on it in reading order, each with its text there. */
export async function structureOf(pdf: Uint8Array): Promise<ReadElement[][]> {
  const proxy = await getDocumentProxy(pdf.slice());
  const pages: ReadElement[][] = [];
  for (let n = 1; n <= proxy.numPages; n++) {
    const page = await proxy.getPage(n);
    const texts = markedTexts((await page.getTextContent({ includeMarkedContent: true })).items);
    const read = (node: TreeNode): ReadElement => {
      // pdf.js lists an element that runs over pages on each of them, with its parts from other pages empty.
      const children = (node.children ?? [])
        .filter((child) => child.role !== undefined)
        .map(read)
        .filter((child) => child.text !== '' || child.alt !== undefined);
      const own = (node.children ?? []).map((child) =>
        child.type === 'content' ? (texts.get(child.id ?? '') ?? '') : '',
      );
      const text = [...own, ...children.map((child) => child.text)].join(' ').replace(/\s+/g, ' ').trim();
      return { role: node.role ?? '', alt: node.alt, text, children };
    };
    pages.push(read(((await page.getStructTree()) ?? {}) as TreeNode).children);
  }
  return pages;
}

/** The text of each marked sequence on a page, by its id (or, for an artifact, by its tag). */
export function markedTexts(items: unknown[]): Map<string, string> {
  const texts = new Map<string, string>();
  const open: string[] = [];
  for (const item of items as { type?: string; id?: string | null; tag?: string; str?: string }[]) {
    if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
      open.push(item.id ?? item.tag ?? '');
    } else if (item.type === 'endMarkedContent') open.pop();
    else if (item.str !== undefined) {
      const key = open.at(-1) ?? '';
      texts.set(key, `${texts.get(key) ?? ''} ${item.str}`);
    }
  }
  return texts;
}

/** All elements of a tree, depth first, in reading order. */
export function allElements(elements: ReadElement[]): ReadElement[] {
  return elements.flatMap((element) => [element, ...allElements(element.children)]);
}

import type PDFDocument from 'pdfkit';
import { type Struct, tag } from './pdf-structure.ts';

/** A pdfkit document, as the PDF renderer's parts draw on it. */
export type Pdf = InstanceType<typeof PDFDocument>;

/**
 * The house style in PDF: A4, one sans family, readable spacing. The 14 standard fonts need no font file (so the
 * server needs nothing but Node), and Helvetica's WinAnsi encoding covers Dutch (é ë ï) and € – — ‘ ’.
 */
export const STYLE = {
  margins: { top: 56, bottom: 64, left: 62, right: 62 },
  font: {
    regular: 'Helvetica',
    bold: 'Helvetica-Bold',
    italic: 'Helvetica-Oblique',
    boldItalic: 'Helvetica-BoldOblique',
  },
  code: { regular: 'Courier', bold: 'Courier-Bold', italic: 'Courier-Oblique', boldItalic: 'Courier-BoldOblique' },
  size: { body: 10.5, small: 8.5, table: 9.5, code: 9.5, title: 22, heading: [16, 13, 11.5, 10.5, 10.5, 10.5] },
  lineGap: 2.5,
  paragraphGap: 6,
  colour: { text: '#1a1a1a', muted: '#555555', accent: '#1f4e79', link: '#1a55a5', rule: '#9a9a9a', header: '#e8edf2' },
} as const;

/** Characters WinAnsi holds at 0x80–0x9F, beyond Latin-1. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
/** Look-alikes of characters WinAnsi has, so that common typography survives instead of becoming '?'. */
const LOOK_ALIKES: Record<string, string> = {
  '\u0132': 'IJ',
  '\u0133': 'ij',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2044': '/',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': '\u00a0',
};
/** Invisible characters that only shape others (joiners, variation selectors, skin tones, combining marks left). */
const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}]|\p{Emoji_Modifier}/gu;

/**
 * Text the standard fonts can draw. A stored document may come from any client: control characters are dropped,
 * tabs become spaces (line feeds too, unless `keepLines`), and what WinAnsi cannot encode (emoji, Greek, CJK …)
 * becomes '?', rather than a wrong glyph or an exception from the font encoder.
 */
export function pdfText(text: string, keepLines = false): string {
  let out = '';
  for (const char of text.normalize('NFC').replace(INVISIBLE, '')) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\n') out += keepLines ? '\n' : ' ';
    else if (char === '\t') out += ' ';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else if (code <= 0xff || WIN_ANSI_EXTRA.has(char)) out += char;
    else out += LOOK_ALIKES[char] ?? '?';
  }
  return out;
}

/** The font for a combination of bold and italic, in the sans family or (for code) the monospace one. */
export function fontFor(bold: boolean, italic: boolean, code = false): string {
  const family = code ? STYLE.code : STYLE.font;
  return bold ? (italic ? family.boldItalic : family.bold) : italic ? family.italic : family.regular;
}

/** The width between the page's margins. */
export function contentWidth(doc: Pdf): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Starts a new page unless `height` points still fit above the bottom margin. */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > doc.page.maxY()) doc.addPage();
}

/**
 * A heading at an outline depth (1 = a section or programme item), kept with the first lines after it: a heading
 * is never left alone at the foot of a page. Depths 1 and 2 are also bookmarks in the PDF's outline. Tagged one
 * level below the verslag's title, which is the one H1: depth 1 is an H2, as in the HTML outputs.
 */
export function heading(
  doc: Pdf,
  parent: Struct,
  text: string,
  depth: number,
  outline?: Map<number, PDFKit.PDFOutline>,
): void {
  const size = STYLE.size.heading[Math.min(5, Math.max(0, depth - 1))] ?? STYLE.size.body;
  const value = pdfText(text);
  doc.font(STYLE.font.bold).fontSize(size);
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  const spaceAbove = depth === 1 ? 14 : 10;
  const height = doc.heightOfString(value, { width });
  ensureSpace(doc, spaceAbove + height + 4 * STYLE.size.body);
  if (doc.y > doc.page.margins.top) doc.y += spaceAbove;
  tag(doc, parent, `H${Math.min(6, depth + 1)}`, () => {
    doc.fillColor(depth <= 2 ? STYLE.colour.accent : STYLE.colour.text);
    doc.text(value, x, doc.y, { width, lineGap: 1 });
  });
  doc.y += depth === 1 ? 5 : 3;
  doc.fillColor(STYLE.colour.text).font(STYLE.font.regular).fontSize(STYLE.size.body);
  if (outline !== undefined && depth <= 2) {
    const parent = depth === 1 ? doc.outline : (outline.get(1) ?? doc.outline);
    outline.set(depth, parent.addItem(value));
  }
}

/** A horizontal rule across the text's width at the current line, in a colour and a weight of the house style. */
export function rule(doc: Pdf, x: number, width: number, weight: number, colour: string): void {
  doc
    .save()
    .lineWidth(weight)
    .strokeColor(colour)
    .moveTo(x, doc.y)
    .lineTo(x + width, doc.y)
    .stroke()
    .restore();
}

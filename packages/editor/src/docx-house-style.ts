import {
  convertToXmlComponent,
  DocumentDefaults,
  type ImportedXmlComponent,
  type IParagraphStyleOptions,
  type IStylesOptions,
} from 'docx';

/**
 * The house style of a Word verslag, as real Word styles that Word, LibreOffice and pandoc each read as such.
 *
 * pandoc's docx reader knows a heading by its style's *name* ("heading 1", case-insensitive) and follows each
 * style's `basedOn` chain; the docx library bases every style on "Normal" but does not define Normal, and a chain
 * that ends in a missing style made pandoc read every heading as a plain paragraph. So Normal is defined here,
 * marked `w:default="1"` (the library's own style options cannot write that attribute) so that Word applies it to
 * every paragraph without a style, and the table styles get a default "Normal Table" to be based on likewise.
 */

/** One sans family for everything; Liberation Sans and Helvetica have Arial's metrics where Arial is missing. */
export const FONT = 'Arial';
/** 11 pt body text (Word counts half points). */
const BODY_SIZE = 22;
const TEXT_COLOUR = '1F1F1F';
const ACCENT = '1F4E79';
const MUTED = '595959';
/** The shading of a table's header row. */
export const HEADER_FILL = 'DCE6F0';

export const TABLE_STYLE = 'Verslagtabel';
export const QUOTE_STYLE = 'Quote';
export const LIST_STYLE = 'ListParagraph';
export const COVER_STYLE = 'Omslaggegeven';
export const SUBTITLE_STYLE = 'Subtitle';
export const HEADER_STYLE = 'Header';
export const FOOTER_STYLE = 'Footer';
/** Word's own Caption style: under an image and a chart, saying what it shows. */
export const CAPTION_STYLE = 'Caption';

/** An element of a hand-built style: what the library's own importer builds from parsed XML. */
type Element = Parameters<typeof convertToXmlComponent>[0];
const el = (name: string, attributes: Record<string, string> = {}, ...elements: Element[]): Element => ({
  type: 'element',
  name,
  attributes,
  elements,
});
const val = (name: string, value: string) => el(name, { 'w:val': value });
const fonts = el('w:rFonts', { 'w:ascii': FONT, 'w:hAnsi': FONT, 'w:eastAsia': FONT, 'w:cs': FONT });
const size = (halfPoints: number) => [val('w:sz', String(halfPoints)), val('w:szCs', String(halfPoints))];
const cellMargins = (vertical: number) =>
  el(
    'w:tblCellMar',
    {},
    ...[
      ['w:top', vertical],
      ['w:left', 108],
      ['w:bottom', vertical],
      ['w:right', 108],
    ].map(([side, w]) => el(String(side), { 'w:w': String(w), 'w:type': 'dxa' })),
  );

const NORMAL = el(
  'w:style',
  { 'w:type': 'paragraph', 'w:default': '1', 'w:styleId': 'Normal' },
  val('w:name', 'Normal'),
  el('w:qFormat'),
  el('w:pPr', {}, el('w:spacing', { 'w:after': '160', 'w:line': '276', 'w:lineRule': 'auto' })),
  el('w:rPr', {}, fonts, val('w:color', TEXT_COLOUR), ...size(BODY_SIZE), val('w:lang', 'nl-NL')),
);

const TABLE_NORMAL = el(
  'w:style',
  { 'w:type': 'table', 'w:default': '1', 'w:styleId': 'TableNormal' },
  val('w:name', 'Normal Table'),
  val('w:uiPriority', '99'),
  el('w:semiHidden'),
  el('w:unhideWhenUsed'),
  el('w:tblPr', {}, el('w:tblInd', { 'w:w': '0', 'w:type': 'dxa' }), cellMargins(0)),
);

const border = (side: string) =>
  el(`w:${side}`, { 'w:val': 'single', 'w:sz': '4', 'w:space': '0', 'w:color': 'A6A6A6' });
const VERSLAG_TABLE = el(
  'w:style',
  { 'w:type': 'table', 'w:styleId': TABLE_STYLE },
  val('w:name', 'Verslag tabel'),
  val('w:basedOn', 'TableNormal'),
  val('w:uiPriority', '39'),
  el('w:qFormat'),
  el('w:pPr', {}, el('w:spacing', { 'w:before': '40', 'w:after': '40', 'w:line': '240', 'w:lineRule': 'auto' })),
  el('w:rPr', {}, ...size(20)),
  el(
    'w:tblPr',
    {},
    el('w:tblBorders', {}, ...['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border)),
    cellMargins(57),
  ),
  el(
    'w:tblStylePr',
    { 'w:type': 'firstRow' },
    el('w:rPr', {}, el('w:b'), el('w:bCs')),
    el('w:tcPr', {}, el('w:shd', { 'w:val': 'clear', 'w:color': 'auto', 'w:fill': HEADER_FILL })),
  ),
);

const heading = (level: number, size: number, before: number, colour = ACCENT): IParagraphStyleOptions => ({
  id: `Heading${level}`,
  // pandoc matches headings on this name; Word and LibreOffice show it as their own "Heading N".
  name: `heading ${level}`,
  basedOn: 'Normal',
  next: 'Normal',
  quickFormat: true,
  run: { font: FONT, size, bold: true, color: colour },
  paragraph: { spacing: { before, after: 80 }, keepNext: true, keepLines: true, outlineLevel: level - 1 },
});

const paragraphStyle = (
  id: string,
  name: string,
  options: Omit<IParagraphStyleOptions, 'id' | 'name'>,
): IParagraphStyleOptions => ({ id, name, basedOn: 'Normal', next: 'Normal', quickFormat: true, ...options });

/**
 * The styles every Word file of ours carries (toDocx and reportToDocx alike). All of them are given here: the
 * library's defaults would add a blue Heading 1 in its own fonts, and merging ours into them is not offered.
 */
export function houseStyles(): IStylesOptions {
  return {
    importedStyles: [
      // Document defaults too, so that text outside any style (a table cell) is still Arial 11.
      new DocumentDefaults({
        run: { font: FONT, size: BODY_SIZE },
        paragraph: { spacing: { after: 160, line: 276 } },
      }),
      ...[NORMAL, TABLE_NORMAL, VERSLAG_TABLE].map((style) => convertToXmlComponent(style) as ImportedXmlComponent),
    ],
    paragraphStyles: [
      paragraphStyle('Title', 'Title', {
        run: { font: FONT, size: 48, bold: true, color: ACCENT },
        paragraph: { spacing: { before: 0, after: 160 }, keepNext: true },
      }),
      heading(1, 32, 360),
      heading(2, 26, 240),
      heading(3, 22, 200, TEXT_COLOUR),
      heading(4, 22, 160, TEXT_COLOUR),
      heading(5, 22, 160, MUTED),
      heading(6, 22, 160, MUTED),
      paragraphStyle(LIST_STYLE, 'List Paragraph', {
        paragraph: { indent: { left: 720 }, spacing: { after: 80 }, contextualSpacing: true },
      }),
      paragraphStyle(QUOTE_STYLE, 'Quote', {
        run: { italics: true, color: '404040' },
        paragraph: { indent: { left: 720 } },
      }),
      paragraphStyle(SUBTITLE_STYLE, 'Subtitle', {
        run: { size: 24, color: MUTED },
        paragraph: { spacing: { after: 60 } },
      }),
      paragraphStyle(CAPTION_STYLE, 'caption', {
        run: { size: 18, italics: true, color: MUTED },
        paragraph: { spacing: { before: 60, after: 200 } },
      }),
      paragraphStyle(COVER_STYLE, 'Omslaggegeven', { paragraph: { spacing: { after: 40 } } }),
      paragraphStyle(HEADER_STYLE, 'header', { run: { size: 18, color: MUTED }, paragraph: { spacing: { after: 0 } } }),
      paragraphStyle(FOOTER_STYLE, 'footer', { run: { size: 18, color: MUTED }, paragraph: { spacing: { after: 0 } } }),
    ],
    characterStyles: [{ id: 'Hyperlink', name: 'Hyperlink', run: { color: '0563C1', underline: {} } }],
  };
}

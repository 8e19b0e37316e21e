import { inflateSync } from 'node:zlib';
import { contentWidth, ensureSpace, type Pdf, pdfText, STYLE } from './pdf-drawing.ts';
import { group, pdfString, type Struct, tag } from './pdf-structure.ts';
import { fitImage } from './report-image.ts';
import type { ReportImage } from './report-layout.ts';

declare global {
  namespace PDFKit.Mixins {
    /** An image pdfkit has read, ready to draw (as often as needed, embedded once); `orientation` from EXIF. */
    interface OpenedImage {
      readonly width: number;
      readonly height: number;
      readonly orientation?: number;
    }
    // pdfkit reads an image apart from drawing it, and draws what it has read; @types/pdfkit lists neither.
    interface PDFImage {
      openImage(src: Uint8Array): OpenedImage;
      image(src: OpenedImage, x?: number, y?: number, options?: ImageOption): this;
    }
  }
}

export type OpenedImage = PDFKit.Mixins.OpenedImage;

/** A pixel as a browser shows an image at 100 %: 96 pixels to the inch, and a point is 1/72 inch. */
const POINTS_PER_PIXEL = 0.75;
const CAPTION_GAP = 4;
/** Not (yet) among the shared words of report-words.ts, which the Word and HTML outputs do not need it for. */
export const IMAGE_LABEL = 'Afbeelding';

/**
 * The image as pdfkit will draw it, or null when pdfkit cannot: a file can pass `readReportImage`'s look at its
 * header and still be broken. Read here, before any drawing, because a failure inside a tagged sequence would
 * leave the page's marked content unbalanced.
 */
export function openImage(doc: Pdf, image: ReportImage): OpenedImage | null {
  if (image.type === 'png' && !pngDecodes(image.bytes)) return null;
  try {
    return doc.openImage(image.bytes);
  } catch {
    // A broken file of the verslag's is shown as its description, as an image from elsewhere is: the verslag
    // still renders, and the reader sees which image is missing.
    return null;
  }
}

/**
 * One of the verslag's own images, as a figure: at its own size (never larger), scaled down to the text's width
 * and half a page, on the next page when the rest of this one is too short, with its description below in small
 * grey italics. A screen reader reads the figure as that description; the caption inside it is not read twice.
 */
export function drawFigure(
  doc: Pdf,
  parent: Struct,
  image: ReportImage,
  opened: OpenedImage,
  alt: string,
  indent: number,
): void {
  const x = doc.page.margins.left + indent;
  const maxWidth = contentWidth(doc) - indent;
  const maxHeight = (doc.page.maxY() - doc.page.margins.top) / 2;
  // An EXIF orientation of 5 to 8 turns the picture a quarter: a phone's portrait photo is stored lying down.
  const turned = (opened.orientation ?? 1) > 4;
  const shown = { ...image, width: turned ? image.height : image.width, height: turned ? image.width : image.height };
  const fit = fitImage(shown, maxWidth / POINTS_PER_PIXEL, maxHeight / POINTS_PER_PIXEL);
  const width = fit.width * POINTS_PER_PIXEL;
  const height = fit.height * POINTS_PER_PIXEL;
  const caption = pdfText(alt);
  doc.font(STYLE.font.italic).fontSize(STYLE.size.small);
  const captionHeight = caption === '' ? 0 : CAPTION_GAP + doc.heightOfString(caption, { width: maxWidth, lineGap: 1 });
  ensureSpace(doc, height + captionHeight);
  const y = doc.y;
  const figure = group(doc, parent, 'Figure', {
    alt: pdfString(alt === '' ? IMAGE_LABEL : alt),
    bbox: [x, y, x + width, y + height],
    placement: 'Block',
  });
  figure.add(() => doc.image(opened, x, y, { width, height }));
  doc.y = y + height;
  if (caption !== '') {
    // A description longer than a page runs on to the next like any text; the cursor follows it.
    tag(doc, figure, 'Caption', () =>
      doc.fillColor(STYLE.colour.muted).text(caption, x, doc.y + CAPTION_GAP, { width: maxWidth, lineGap: 1 }),
    );
  }
  figure.end();
  doc.font(STYLE.font.regular).fontSize(STYLE.size.body).fillColor(STYLE.colour.text);
  doc.x = doc.page.margins.left;
  doc.y += STYLE.paragraphGap;
}

/** Adam7's seven passes over an interlaced PNG: first column and row, and the steps between. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/**
 * pdfkit holds a decoded PNG's pixels several times over (the rows, the colours and the alpha apart): past this
 * many pixels (4096 × 4096, up to 128 MiB of 16-bit RGBA rows) a transparent or interlaced PNG is not decoded.
 */
const DECODED_PIXELS_MAX = 4096 * 4096;

/**
 * False when pdfkit would decode the PNG's pixels itself and fail. It does so for a PNG with transparency or
 * interlacing, in a zlib callback, where an error (bad deflate data, an unknown row filter) is thrown out of
 * reach of any caller and takes the process down. The same walk over the rows here can fail safely.
 */
function pngDecodes(bytes: Uint8Array): boolean {
  if (bytes.length < 33) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data: Uint8Array[] = [];
  let transparency = false;
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IDAT') data.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === 'tRNS') transparency = true;
    at += 12 + length;
  }
  const [width, height] = [view.getUint32(16), view.getUint32(20)];
  const [bits, colour, interlace] = [bytes[24] ?? 0, bytes[25] ?? 0, bytes[28] ?? 0];
  const decoded = colour === 4 || colour === 6 || (colour === 3 && transparency) || interlace === 1;
  if (!decoded) return true;
  if (width * height > DECODED_PIXELS_MAX) return false;
  const pixelBytes = (bits * (CHANNELS[colour] ?? 1)) / 8;
  const passes = (interlace === 1 ? ADAM7 : [[0, 0, 1, 1] as const]).map(([x0, y0, dx, dy]) => ({
    columns: Math.max(0, Math.ceil((width - x0) / dx)),
    rows: Math.max(0, Math.ceil((height - y0) / dy)),
  }));
  // What the header promises, a filter byte per row and its pixels: inflating stops there, so a small file that
  // inflates to gigabytes (a zip bomb) is refused rather than held in memory.
  const promised = passes.reduce(
    (sum, { columns, rows }) => sum + (columns === 0 ? 0 : rows * (1 + Math.ceil(pixelBytes * columns))),
    0,
  );
  let pixels: Uint8Array;
  try {
    pixels = inflateSync(Buffer.concat(data), { maxOutputLength: Math.max(1, promised) });
  } catch {
    return false;
  }
  let at = 0;
  for (const { columns, rows } of passes) {
    if (columns === 0) continue;
    for (let row = 0; row < rows && at < pixels.length; row++) {
      if ((pixels[at] ?? 0) > 4) return false;
      at += 1 + Math.ceil(pixelBytes * columns);
    }
  }
  return true;
}

import { deflateSync } from 'node:zlib';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { RichTextDocument } from './document.ts';
import { netwerkdagUtrecht, OWN_IMAGE_SOURCE } from './fixtures/netwerkdag-utrecht.ts';
import { samplePng } from './fixtures/sample-png.ts';
import { drawnImages, pdfObjects } from './pdf-test-reader.ts';
import { readReportImage } from './report-image.ts';
import type { ReportImage, ReportLayout } from './report-layout.ts';
import { reportToPdf } from './to-pdf.ts';

const A4 = { width: 595.28, height: 841.89 };
const MARGINS = { top: 56, bottom: 64, left: 62, right: 62 };
const TEXT_WIDTH = A4.width - MARGINS.left - MARGINS.right;

const paragraph = (text: string): RichTextDocument => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const image = (src: string, alt: string): RichTextDocument => ({ type: 'image', attrs: { src, alt } });
const png = (width: number, height: number): ReportImage => readReportImage(samplePng(width, height))!;

/** A verslag of only `content`, showing `images` as its own bestanden. */
const withImages = (content: RichTextDocument[], images: [string, ReportImage][]): ReportLayout => ({
  ...netwerkdagUtrecht,
  body: { type: 'doc', content },
  statements: [],
  afspraken: [],
  images: new Map(images),
});

/** The image XObjects of a PDF, as their dictionaries. */
const imageObjects = (pdf: Uint8Array) =>
  [...pdfObjects(pdf).values()].filter((object) => /\/Subtype \/Image\b/.test(object));

/**
 * The header of a JPEG of 400 × 100 pixels whose EXIF orientation (6) turns it a quarter: how a phone stores a
 * portrait photo. pdfkit passes JPEG data on undecoded and reads only the header, so the header is enough here.
 */
function lyingJpeg(): Uint8Array {
  const orientation = [0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0];
  const exif = [...Buffer.from('Exif\0\0MM', 'latin1'), 0, 42, 0, 0, 0, 8, 0, 1, ...orientation, 0, 0, 0, 0];
  const frame = [0xff, 0xc0, 0, 17, 8, 0, 100, 0x01, 0x90, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, exif.length + 2, ...exif, ...frame, 0xff, 0xd9]);
}

async function pagesOf(pdf: Uint8Array): Promise<string[]> {
  const { text } = await extractText(pdf.slice(), { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' '));
}

describe('reportToPdf with images', () => {
  it("embeds the verslag's own image, a pixel as 0.75 pt, with its description below", async () => {
    const pdf = await reportToPdf(netwerkdagUtrecht);
    const [embedded, ...others] = imageObjects(pdf);
    expect(others).toEqual([]);
    expect(embedded).toMatch(/\/Width 240\n/);
    expect(embedded).toMatch(/\/Height 120\n/);
    const [drawn] = drawnImages(pdf);
    expect(drawn).toMatchObject({ width: 180, height: 90, x: MARGINS.left });
    const text = (await pagesOf(pdf))[drawn?.page ?? 0] ?? '';
    expect(text).toContain('Schema van de signalen per wijk');
    expect(text).not.toContain('[Afbeelding: Schema');
  });

  it('keeps an image from elsewhere as its description, linked to where it is', async () => {
    const pdf = await reportToPdf(netwerkdagUtrecht);
    expect((await pagesOf(pdf)).join(' ')).toContain('[Afbeelding: Deelnemers in de raadzaal]');
    const proxy = await getDocumentProxy(pdf.slice());
    const annotations = await (await proxy.getPage(1)).getAnnotations();
    expect(annotations.map((annotation) => annotation.url)).toContain('https://example.org/deelsessie.jpg');
  });

  it('scales a wide image down to the width of the text and a tall one to half a page', async () => {
    const wide = '/api/attachments/1';
    const tall = '/api/attachments/2';
    const layout = withImages(
      [image(wide, 'Breed'), image(tall, 'Hoog')],
      [
        [wide, png(1600, 400)],
        [tall, png(300, 2400)],
      ],
    );
    const [first, second] = drawnImages(await reportToPdf(layout));
    expect(first?.width).toBeLessThanOrEqual(TEXT_WIDTH);
    expect(first?.width).toBeGreaterThan(TEXT_WIDTH - 1);
    expect((first?.width ?? 0) / (first?.height ?? 1)).toBeCloseTo(4, 1);
    const halfPage = (A4.height - MARGINS.top - MARGINS.bottom) / 2;
    expect(second?.height).toBeLessThanOrEqual(halfPage);
    expect(second?.height).toBeGreaterThan(halfPage - 1);
    expect((second?.height ?? 0) / (second?.width ?? 1)).toBeCloseTo(8, 1);
  });

  it('starts a new page for an image that does not fit the rest of the page, caption and all', async () => {
    const src = '/api/attachments/3';
    // Fifteen short paragraphs end on the first page, below the cover, with less than 300 pt left.
    const filler = Array.from({ length: 15 }, (_, n) => paragraph(`Alinea ${n} die de eerste pagina vult.`));
    const pdf = await reportToPdf(withImages([...filler, image(src, 'Onderschrift')], [[src, png(400, 400)]]));
    const pages = await pagesOf(pdf);
    expect(pages[0]).toContain('Alinea 14');
    expect(drawnImages(pdf)).toEqual([{ page: 1, x: MARGINS.left, top: MARGINS.top, width: 300, height: 300 }]);
    expect(pages[1]).toContain('Onderschrift');
    expect(pages[1]).not.toContain('Alinea');
  });

  it('draws a photo stored lying down upright, as tall as a portrait', async () => {
    const src = '/api/attachments/6';
    const photo = readReportImage(lyingJpeg());
    expect(photo).toMatchObject({ type: 'jpg', width: 400, height: 100 });
    const pdf = await reportToPdf(withImages([paragraph('Erboven'), image(src, 'Staand portret')], [[src, photo!]]));
    const proxy = await getDocumentProxy(pdf.slice());
    const items = (await (await proxy.getPage(1)).getTextContent()).items;
    const baseline = (text: string) =>
      (items.find((item) => 'str' in item && item.str === text) as { transform: number[] } | undefined)?.transform[5];
    // 100 × 400 pixels upright, 75 × 300 pt: the caption stands 300 pt and a line below the paragraph, not 75.
    const distance = (baseline('Erboven') ?? 0) - (baseline('Staand portret') ?? 0);
    expect(distance).toBeGreaterThan(300);
    expect(distance).toBeLessThan(300 + 30);
  });

  it('embeds an image the text shows twice once', async () => {
    const src = '/api/attachments/4';
    const pdf = await reportToPdf(withImages([image(src, 'Een'), image(src, 'Twee')], [[src, png(120, 60)]]));
    expect(imageObjects(pdf).length).toBe(1);
    expect(drawnImages(pdf).length).toBe(2);
  });

  it('shows an image whose pixels do not decode as its description, without taking the process down', async () => {
    // A PNG whose header promises transparency (RGBA) over rows of RGB pixels: pdfkit would decode it itself, in
    // a callback, and throw where no caller can catch it.
    const broken = Buffer.from(samplePng(60, 30));
    broken[25] = 6;
    const src = '/api/attachments/5';
    const layout = withImages([image(src, 'Kapotte afbeelding')], [[src, readReportImage(broken)!]]);
    const pdf = await reportToPdf(layout);
    expect(imageObjects(pdf)).toEqual([]);
    expect((await pagesOf(pdf)).join(' ')).toContain('[Afbeelding: Kapotte afbeelding]');
    const proxy = await getDocumentProxy(pdf.slice());
    const annotations = await (await proxy.getPage(1)).getAnnotations();
    // Our own address is relative: as a link in a PDF it leads nowhere.
    expect(annotations.filter((annotation) => annotation.subtype === 'Link')).toEqual([]);
  });

  it('shows an image of our own that the layout does not hold as its description', async () => {
    const pdf = await reportToPdf(withImages([image(OWN_IMAGE_SOURCE, 'Niet meegegeven')], []));
    expect(imageObjects(pdf)).toEqual([]);
    expect((await pagesOf(pdf)).join(' ')).toContain('[Afbeelding: Niet meegegeven]');
  });
});

/** A PNG of the given header whose pixel data is `rows` deflated; CRCs are left 0 (nothing here checks them). */
function pngOf(width: number, height: number, colour: number, rows: Uint8Array): Buffer {
  const chunk = (type: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    return Buffer.concat([head, data, Buffer.alloc(4)]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, colour, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', new Uint8Array()),
  ]);
}

describe('reportToPdf with hostile images', () => {
  it('does not inflate pixel data past what the PNG header says (a zip bomb)', async () => {
    // A header of 100 × 100 RGBA pixels (40 kB) over 64 MiB of zeros, about 64 kB deflated.
    const bomb = pngOf(100, 100, 6, new Uint8Array(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200_000);
    const src = '/api/attachments/6';
    const pdf = await reportToPdf(withImages([image(src, 'Bom')], [[src, readReportImage(bomb)!]]));
    expect(imageObjects(pdf).length).toBe(0);
    expect((await pagesOf(pdf)).join(' ')).toContain('[Afbeelding: Bom]');
  });

  it('does not decode a transparent PNG of more pixels than a bound, however small its file', async () => {
    const width = 4200;
    const height = 4100;
    const huge = pngOf(width, height, 6, new Uint8Array((width * 4 + 1) * height));
    expect(huge.length).toBeLessThan(200_000);
    const src = '/api/attachments/7';
    const pdf = await reportToPdf(withImages([image(src, 'Reus')], [[src, readReportImage(huge)!]]));
    expect(imageObjects(pdf).length).toBe(0);
    expect((await pagesOf(pdf)).join(' ')).toContain('[Afbeelding: Reus]');
  });

  it('still embeds a transparent PNG of a photo’s size', async () => {
    const transparent = pngOf(300, 200, 6, new Uint8Array((300 * 4 + 1) * 200));
    const src = '/api/attachments/8';
    const pdf = await reportToPdf(withImages([image(src, 'Doorzichtig')], [[src, readReportImage(transparent)!]]));
    expect(imageObjects(pdf).some((object) => /\/Width 300\n/.test(object))).toBe(true);
  });
});

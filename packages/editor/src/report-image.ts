import type { ReportImage } from './report-layout.ts';

/** Where the web app and the exports find an image of the bestanden: the attachment's own download address. */
const ATTACHMENT_IMAGE = /^\/api\/attachments\/([1-9]\d{0,15})$/;

/** The `src` an image of bestand `id` has in the text. */
export function attachmentImageSource(id: number): string {
  return `/api/attachments/${id}`;
}

/** The attachment an image's `src` shows, or null when it is not one of our bestanden. */
export function attachmentOfImage(src: unknown): number | null {
  const match = typeof src === 'string' ? ATTACHMENT_IMAGE.exec(src.trim()) : null;
  return match ? Number(match[1]) : null;
}

// An image wider or taller than this is not a photo on a page; its header is refused rather than trusted.
const MAX_SIDE = 20_000;

/**
 * The bytes as an image the outputs can embed: PNG or JPEG (what Word, LibreOffice, pdfkit and every browser
 * draw), with its size read from its own header. Null for any other file, or one whose header does not hold.
 */
export function readReportImage(bytes: Uint8Array): ReportImage | null {
  const size = pngSize(bytes) ?? jpegSize(bytes);
  if (size === null) return null;
  const { type, width, height } = size;
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) return null;
  return { type, bytes, width, height };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(bytes: Uint8Array) {
  if (bytes.length < 24 || !PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The first chunk is IHDR: width and height as big-endian 32-bit numbers.
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
  return { type: 'png' as const, width: view.getUint32(16), height: view.getUint32(20) };
}

function jpegSize(bytes: Uint8Array) {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  // Walk the segments to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC), which holds the size.
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = view.getUint16(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { type: 'jpg' as const, height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    if (length < 2) return null;
    at += 2 + length;
  }
  return null;
}

/** The size to draw an image at: its own, scaled down (never up) to fit `maxWidth` × `maxHeight`. */
export function fitImage(image: ReportImage, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / image.width, maxHeight / image.height);
  return { width: Math.round(image.width * scale), height: Math.round(image.height * scale) };
}

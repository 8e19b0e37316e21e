import { describe, expect, it } from 'vitest';
import { samplePng } from './fixtures/sample-png.ts';
import { attachmentOfImage, readReportImage } from './report-image.ts';

/** A deterministic stream of bytes (xorshift), so that a failure can be run again as it was. */
function randomBytes(seed: number, length: number): Uint8Array {
  let state = seed || 1;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

const JPEG_START = [0xff, 0xd8];
const PNG_START = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('readReportImage on hostile bytes', () => {
  it('answers null, never throws, for truncated and broken JPEG headers', () => {
    const frame = [0xff, 0xc0, 0, 17, 8, 0, 100, 0x01, 0x90, 3];
    const broken = [
      [],
      JPEG_START,
      [...JPEG_START, 0xff],
      [...JPEG_START, ...frame.slice(0, 7)],
      // A segment of length 0 and one of length 1: no progress unless refused.
      [...JPEG_START, 0xff, 0xe0, 0, 0, ...Array(16).fill(0)],
      [...JPEG_START, 0xff, 0xe0, 0, 1, ...Array(16).fill(0)],
      // Only fill bytes, and a segment whose length runs past the end.
      [...JPEG_START, ...Array(4096).fill(0xff)],
      [...JPEG_START, 0xff, 0xe1, 0xff, 0xff, ...Array(16).fill(0)],
      // A frame of 0 × 0 pixels.
      [...JPEG_START, 0xff, 0xc0, 0, 17, 8, 0, 0, 0, 0, 3, 0, 0, 0],
    ];
    for (const bytes of broken) expect(readReportImage(new Uint8Array(bytes))).toBeNull();
  });

  it('answers null for a PNG whose header claims sides of 0, past the bound, or 2³² − 1', () => {
    const sized = (width: number, height: number) => {
      const png = Buffer.from(samplePng(4, 4));
      png.writeUInt32BE(width, 16);
      png.writeUInt32BE(height, 20);
      return png;
    };
    expect(readReportImage(sized(4, 4))).toMatchObject({ type: 'png', width: 4, height: 4 });
    for (const [width, height] of [
      [0, 4],
      [4, 0],
      [20_001, 4],
      [0xffffffff, 0xffffffff],
    ])
      expect(readReportImage(sized(width!, height!))).toBeNull();
    expect(readReportImage(samplePng(4, 4).subarray(0, 23))).toBeNull();
  });

  it('never throws and ends at once on thousands of random files that start like a PNG or a JPEG', () => {
    const started = Date.now();
    for (let seed = 1; seed <= 3000; seed++) {
      const body = randomBytes(seed, 64 + (seed % 200));
      const start = seed % 2 === 0 ? JPEG_START : PNG_START;
      const bytes = new Uint8Array([...start, ...body]);
      const image = readReportImage(bytes);
      if (image !== null) {
        expect(image.width).toBeGreaterThan(0);
        expect(image.height).toBeLessThanOrEqual(20_000);
      }
    }
    // A parser that loops would not get here; one that walks byte by byte too slowly would take far longer.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('takes only its own download address as an image of the bestanden', () => {
    expect(attachmentOfImage('/api/attachments/12')).toBe(12);
    for (const src of [
      '/api/attachments/012',
      '/api/attachments/12?x=1',
      '/api/attachments/../users/1',
      'https://elders.example/api/attachments/12',
      '//elders.example/api/attachments/12',
      '/api/attachments/99999999999999999',
      12,
    ])
      expect(attachmentOfImage(src)).toBeNull();
  });
});

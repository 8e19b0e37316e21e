import { toDocx } from '@klankbord/editor';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { extensionOf, recogniseFile } from './file-types.ts';

const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(
    values.flatMap((value) => (typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : [value])),
  );

async function zip(entries: Record<string, string>, mimetypeFirst = false): Promise<Uint8Array> {
  const archive = new JSZip();
  if (mimetypeFirst && entries.mimetype) archive.file('mimetype', entries.mimetype, { compression: 'STORE' });
  for (const [name, text] of Object.entries(entries))
    if (name !== 'mimetype' || !mimetypeFirst) archive.file(name, text);
  return archive.generateAsync({ type: 'uint8array' });
}

describe('recognising attachments', () => {
  it('accepts files whose content is what their extension says', async () => {
    expect(recogniseFile('verslag.pdf', bytes('%PDF-1.7\n'))?.contentType).toBe('application/pdf');
    expect(recogniseFile('foto.PNG', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0))?.contentType).toBe('image/png');
    expect(recogniseFile('foto.jpeg', bytes(0xff, 0xd8, 0xff, 0xe0))?.contentType).toBe('image/jpeg');
    const docx = new Uint8Array(await toDocx({ type: 'doc', content: [{ type: 'paragraph' }] }, { title: 'x' }));
    expect(recogniseFile('Verslag netwerkdag.docx', docx)?.extensions).toEqual(['docx']);
    const odt = await zip({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<x/>' }, true);
    expect(recogniseFile('notulen.odt', odt)?.extensions).toEqual(['odt']);
  });

  it('refuses a content that does not match its extension, and types not on the list', async () => {
    expect(recogniseFile('verslag.pdf', bytes('<html><script>alert(1)</script>'))).toBeUndefined();
    expect(recogniseFile('foto.png', bytes('%PDF-1.7'))).toBeUndefined();
    expect(recogniseFile('tekening.svg', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(recogniseFile('setup.exe', bytes('MZ', 0x90, 0))).toBeUndefined();
    expect(recogniseFile('zonder-extensie', bytes('%PDF-1.7'))).toBeUndefined();
    // A zip that is not a Word document, renamed to .docx; and a Word document renamed to .xlsx.
    expect(recogniseFile('stiekem.docx', await zip({ 'a.txt': 'hallo' }))).toBeUndefined();
    const docx = new Uint8Array(await toDocx({ type: 'doc', content: [{ type: 'paragraph' }] }, { title: 'x' }));
    expect(recogniseFile('tabel.xlsx', docx)).toBeUndefined();
    expect(recogniseFile('leeg.pdf', new Uint8Array())).toBeUndefined();
  });

  it('reads extensions case-insensitively and only after the last dot', () => {
    expect(extensionOf('Verslag.v2.PDF')).toBe('pdf');
    expect(extensionOf('.gitignore')).toBe('');
  });
});

/**
 * The kinds of file people may attach (the allow-list), and how each is recognised from its first bytes. A file
 * is accepted only when its name's extension is on the list AND its content is what that extension says: a
 * renamed executable, an HTML page called report.pdf or an SVG (which can carry script) never gets through.
 * The content type we serve comes from this list, never from what the browser claimed.
 */
export interface FileType {
  extensions: readonly string[];
  contentType: string;
  /** True when the content matches this type. */
  matches: (head: Uint8Array, zipNames: () => string[]) => boolean;
}

const startsWith = (head: Uint8Array, ...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
const ascii = (head: Uint8Array, at: number, text: string) =>
  [...text].every((char, i) => head[at + i] === char.charCodeAt(0));
const isZip = (head: Uint8Array) => startsWith(head, 0x50, 0x4b, 0x03, 0x04);
// Word, Excel and PowerPoint before 2007: an OLE compound file.
const isOle = (head: Uint8Array) => startsWith(head, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
/** An Office Open XML file: a zip holding [Content_Types].xml and the part folder of its application. */
const ooxml = (folder: string) => (head: Uint8Array, zipNames: () => string[]) =>
  isZip(head) && zipNames().includes('[Content_Types].xml') && zipNames().some((name) => name.startsWith(folder));
/** An OpenDocument file: a zip whose first entry is `mimetype`, stored uncompressed, holding exactly this type. */
const odf = (mime: string) => (head: Uint8Array) => {
  if (!isZip(head) || !ascii(head, 30, 'mimetype')) return false;
  const dataAt = 30 + (head[26] ?? 0) + ((head[27] ?? 0) << 8) + (head[28] ?? 0) + ((head[29] ?? 0) << 8);
  return ascii(head, dataAt, mime);
};

export const fileTypes: readonly FileType[] = [
  { extensions: ['pdf'], contentType: 'application/pdf', matches: (head) => ascii(head, 0, '%PDF-') },
  {
    extensions: ['docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    matches: ooxml('word/'),
  },
  {
    extensions: ['xlsx'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    matches: ooxml('xl/'),
  },
  {
    extensions: ['pptx'],
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    matches: ooxml('ppt/'),
  },
  {
    extensions: ['odt'],
    contentType: 'application/vnd.oasis.opendocument.text',
    matches: odf('application/vnd.oasis.opendocument.text'),
  },
  {
    extensions: ['ods'],
    contentType: 'application/vnd.oasis.opendocument.spreadsheet',
    matches: odf('application/vnd.oasis.opendocument.spreadsheet'),
  },
  {
    extensions: ['odp'],
    contentType: 'application/vnd.oasis.opendocument.presentation',
    matches: odf('application/vnd.oasis.opendocument.presentation'),
  },
  { extensions: ['doc'], contentType: 'application/msword', matches: isOle },
  { extensions: ['xls'], contentType: 'application/vnd.ms-excel', matches: isOle },
  { extensions: ['ppt'], contentType: 'application/vnd.ms-powerpoint', matches: isOle },
  {
    extensions: ['png'],
    contentType: 'image/png',
    matches: (head) => startsWith(head, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  },
  { extensions: ['jpg', 'jpeg'], contentType: 'image/jpeg', matches: (head) => startsWith(head, 0xff, 0xd8, 0xff) },
  {
    extensions: ['gif'],
    contentType: 'image/gif',
    matches: (head) => ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a'),
  },
  {
    extensions: ['webp'],
    contentType: 'image/webp',
    matches: (head) => ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP'),
  },
];

/** The extensions people may attach, for the file picker's `accept` and for messages. */
export const allowedExtensions = fileTypes.flatMap((type) => type.extensions);

/** The extension of a file name, lower case, without the dot; '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * The names of the entries of a zip file, from its central directory at the end of the file (where every zip
 * writer lists them, streaming or not). Empty for a damaged or truncated zip.
 */
export function zipEntryNames(bytes: Uint8Array, limit = 5000): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65,535.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return [];
  const count = Math.min(view.getUint16(end + 10, true), limit);
  let at = view.getUint32(end + 16, true);
  const names: string[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count && at + 46 <= bytes.length && view.getUint32(at, true) === 0x02014b50; i++) {
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The file's type when its name and its content agree on one of the allowed types; undefined otherwise. */
export function recogniseFile(name: string, bytes: Uint8Array): FileType | undefined {
  const extension = extensionOf(name);
  const type = fileTypes.find((candidate) => candidate.extensions.includes(extension));
  if (!type) return undefined;
  let names: string[] | undefined;
  return type.matches(bytes.subarray(0, 256), () => (names ??= zipEntryNames(bytes))) ? type : undefined;
}

/**
 * Bestanden: files attached to a voorbeeld, a meeting or a verslag. Which files are allowed, and how they are
 * recognised, is the server's (apps/server/src/files); here is only what the API and the web app share.
 */
export const attachmentTargetKinds = ['example', 'meeting', 'report'] as const;
export type AttachmentTargetKind = (typeof attachmentTargetKinds)[number];

export const ATTACHMENT_NAME_MAX_LENGTH = 200;

/** What a file is attached to, written `example:12`, `meeting:3` or `report:3` (the meeting's verslag). */
export interface AttachmentTarget {
  kind: AttachmentTargetKind;
  id: number;
}

/** Reads `kind:id`; undefined when it is not one. */
export function parseAttachmentTarget(value: string): AttachmentTarget | undefined {
  const match = /^(example|meeting|report):([1-9]\d{0,14})$/.exec(value);
  return match ? { kind: match[1] as AttachmentTargetKind, id: Number(match[2]) } : undefined;
}

/**
 * A file name as it is kept and offered again on download: no path, no control characters, at most 200
 * characters (its extension kept). Empty when nothing usable is left.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}"<>|:*?]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned.length <= ATTACHMENT_NAME_MAX_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, ATTACHMENT_NAME_MAX_LENGTH - extension.length) + extension;
}

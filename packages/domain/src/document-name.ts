/**
 * A collaborative document is addressed by a name such as `programme:ngs:2025-voorjaar`:
 * its kind first, then the scope it belongs to, then any further segments.
 * The name travels in URLs (/collab/:document), so it is kept to a safe alphabet.
 */
export const DOCUMENT_NAME_MAX_LENGTH = 200;

const SEGMENT = /^[a-z0-9][a-z0-9._-]*$/;

/** The parts of a document name that the database records alongside it. */
export interface DocumentAddress {
  name: string;
  kind: string;
  scope: string;
}

/** Parses a document name, or returns null when it is not one (wrong alphabet, empty segment, too long). */
export function parseDocumentName(name: string): DocumentAddress | null {
  if (name.length === 0 || name.length > DOCUMENT_NAME_MAX_LENGTH) return null;
  const segments = name.split(':');
  if (!segments.every((segment) => SEGMENT.test(segment))) return null;
  const [kind = '', scope = ''] = segments;
  return { name, kind, scope };
}

/** The programme of a meeting: `programme:<network slug>:<meeting id>`. */
export function programmeDocumentName(networkSlug: string, meetingId: number): string {
  return `programme:${networkSlug}:${meetingId}`;
}

/** The shared notes of a deelsessie: `session-notes:<network slug>:<session id>` (the id from the programme). */
export function sessionNotesDocumentName(networkSlug: string, sessionId: string): string {
  return `session-notes:${networkSlug}:${sessionId}`;
}

/** The verslag of a meeting: `report:<network slug>:<meeting id>`. */
export function reportDocumentName(networkSlug: string, meetingId: number): string {
  return `report:${networkSlug}:${meetingId}`;
}

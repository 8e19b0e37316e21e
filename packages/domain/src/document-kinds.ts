import { parseDocumentName } from './document-name.ts';
import type { Action, MeetingAction } from './roles.ts';

/**
 * Every kind of collaborative document Klankbord has, and what guards it. The collaboration endpoint opens
 * only documents of a kind registered here: a name of any other kind is refused for everyone, so a kind that
 * forgets to register can never be written by whoever guesses its name.
 */
export const documentKinds = {
  /** A meeting's programme: `programme:<network>:<meeting id>`. */
  programme: { belongsTo: 'meeting', read: 'programme.view', write: 'programme.edit' },
  /** A deelsessie's shared notes: `session-notes:<network>:<session id>` (the id from the programme). */
  'session-notes': { belongsTo: 'session', read: 'meeting.view', write: 'session.notes' },
  /** A meeting's verslag: `report:<network>:<meeting id>`; read-only for everyone once finalised. */
  report: { belongsTo: 'meeting', read: 'report.view', write: 'report.edit' },
  /** A goed voorbeeld's description: `example:<network>:<example id>`; its authors and the klankbordgroep write. */
  example: { belongsTo: 'example' },
  /**
   * A network's free-standing notes: `notes:<network>:<name>`. Its writers write, every member reads; a
   * network holds at most NETWORK_NOTES_MAX of them, so their names are no way to store without bound.
   */
  notes: { belongsTo: 'network', read: 'document.read', write: 'document.write' },
} as const satisfies Record<
  string,
  | { belongsTo: 'meeting' | 'session'; read: MeetingAction; write: MeetingAction }
  | { belongsTo: 'example' }
  | { belongsTo: 'network'; read: Action; write: Action }
>;
export type DocumentKind = keyof typeof documentKinds;

/** How many notes documents one network may hold. */
export const NETWORK_NOTES_MAX = 100;

/** What a document name points at, once its kind is known to be registered. */
export type DocumentTarget =
  | { kind: 'programme' | 'report'; networkSlug: string; meetingId: number }
  | { kind: 'session-notes'; networkSlug: string; sessionId: string }
  | { kind: 'example'; networkSlug: string; exampleId: number }
  | { kind: 'notes'; networkSlug: string; id: string };

const ROW_ID = /^[1-9]\d{0,14}$/;

/**
 * Reads a document name into what it points at; null for a name that is malformed, of a kind that is not
 * registered, with an id that is not one of its kind (a meeting id must be digits without a leading zero), or
 * with more segments than its kind has. Such names are refused, never read as another kind.
 */
export function parseDocumentTarget(name: string): DocumentTarget | null {
  if (!parseDocumentName(name)) return null;
  const [kind = '', networkSlug = '', id = '', ...rest] = name.split(':');
  if (rest.length > 0 || !id || !Object.hasOwn(documentKinds, kind)) return null;
  switch (kind as DocumentKind) {
    case 'programme':
    case 'report':
      return ROW_ID.test(id) ? { kind: kind as 'programme' | 'report', networkSlug, meetingId: Number(id) } : null;
    case 'example':
      return ROW_ID.test(id) ? { kind: 'example', networkSlug, exampleId: Number(id) } : null;
    case 'session-notes':
      return { kind: 'session-notes', networkSlug, sessionId: id };
    case 'notes':
      return { kind: 'notes', networkSlug, id };
  }
}

/** What a document name of a meeting's kind points at. */
export type MeetingDocumentTarget = Extract<DocumentTarget, { kind: 'programme' | 'report' | 'session-notes' }>;

/** Reads a programme, report or session-notes name; null for any other name (see parseDocumentTarget). */
export function parseMeetingDocumentName(name: string): MeetingDocumentTarget | null {
  const target = parseDocumentTarget(name);
  return target && target.kind !== 'example' && target.kind !== 'notes' ? target : null;
}

/** Reads `example:<slug>:<id>`; null for any other name (another kind, an id that is not one, more segments). */
export function parseExampleDocumentName(name: string): { networkSlug: string; exampleId: number } | null {
  const target = parseDocumentTarget(name);
  return target?.kind === 'example' ? { networkSlug: target.networkSlug, exampleId: target.exampleId } : null;
}

import type { DocumentChange } from '@klankbord/collab';
import {
  type Db,
  findExample,
  findMeeting,
  findNetworkById,
  type Meeting,
  replaceProgrammeProjection,
  type SessionProjection,
  setExampleDescriptionText,
} from '@klankbord/db';
import {
  EXAMPLE_DESCRIPTION_FIELD,
  type Programme,
  parseExampleDocumentName,
  parseMeetingDocumentName,
  readProgramme,
  reportFragment,
  richTextToPlain,
} from '@klankbord/domain';
import type { Logger } from './logger.ts';
import { indexExample, indexProgramme, indexReport } from './search-index.ts';

/**
 * The meeting a meeting's document (programme, verslag) belongs to, or undefined when the meeting does not exist or belongs to
 * another network than the document's name says. The collaboration endpoint and the projection both ask it,
 * so a document is never tied to a meeting that one of them would not accept.
 */
export async function meetingOfProgramme(db: Db, networkSlug: string, meetingId: number): Promise<Meeting | undefined> {
  const meeting = await findMeeting(db, meetingId);
  if (!meeting) return undefined;
  const network = await findNetworkById(db, meeting.network_id);
  return network?.slug === networkSlug ? meeting : undefined;
}

/** The sessions of a programme, flattened for the projection; only items of kind deelsessies have them. */
function sessionsOf(programme: Programme): SessionProjection[] {
  return programme.items.flatMap((item) =>
    item.sessions.map((session, position) => ({
      id: session.id,
      itemId: item.id,
      position,
      topic: session.topic,
      facilitator: session.facilitator,
      rapporteur: session.rapporteur,
      room: session.room,
      rotationMinutes: item.rotationMinutes,
    })),
  );
}

/** Keeps a voorbeeld's description as plain text (lists, cards) and in the search index. */
async function projectExample(
  db: Db,
  target: { networkSlug: string; exampleId: number },
  doc: DocumentChange['doc'],
): Promise<void> {
  const example = await findExample(db, target.exampleId);
  const network = example && (await findNetworkById(db, example.networkId));
  if (!example || network?.slug !== target.networkSlug) return;
  const text = richTextToPlain(doc.getXmlFragment(EXAMPLE_DESCRIPTION_FIELD));
  await setExampleDescriptionText(db, example.id, text);
  await indexExample(db, { ...example, descriptionText: text });
}

/**
 * The collaboration core's change hook: keeps the SQL read models of co-edited documents up to date, so that
 * overviews and search never open a Yjs document. Runs debounced per document, never twice at once for one.
 * Programmes are projected and indexed for search; a verslag is indexed; statements live in SQL already.
 */
export function projectDocuments(deps: { db: Db; logger: Logger }) {
  return async ({ documentName, doc }: DocumentChange): Promise<void> => {
    const example = parseExampleDocumentName(documentName);
    if (example) return projectExample(deps.db, example, doc);
    const target = parseMeetingDocumentName(documentName);
    if (target?.kind !== 'programme' && target?.kind !== 'report') return;
    const meeting = await meetingOfProgramme(deps.db, target.networkSlug, target.meetingId);
    if (!meeting) {
      // The endpoint refuses such names; a document that was opened anyway (the meeting deleted meanwhile) is skipped.
      deps.logger.warn({ document: documentName }, 'document of an unknown meeting, not projected');
      return;
    }
    if (target.kind === 'report') {
      await indexReport(deps.db, meeting, reportFragment(doc));
      return;
    }
    const programme = readProgramme(doc);
    await replaceProgrammeProjection(deps.db, meeting.id, programme.items, sessionsOf(programme));
    await indexProgramme(deps.db, meeting, programme);
  };
}

import {
  clearSearchIndex,
  type Db,
  type Example,
  findDocument,
  indexSearchEntry,
  listExamples,
  listMeetings,
  listNetworks,
  listStatements,
  loadDocumentState,
  type Meeting,
  removeSearchEntriesExcept,
  removeSearchEntry,
  type StatementRow,
} from '@klankbord/db';
import {
  type MeetingAction,
  type Programme,
  programmeDocumentName,
  readProgramme,
  reportDocumentName,
  reportFragment,
  richTextToPlain,
} from '@klankbord/domain';
import { stems } from '@klankbord/search';
import * as Y from 'yjs';

/**
 * What the search index holds, kind by kind: how each is made into an entry, and which action of the meeting
 * matrix decides whether a member sees it in results (null: every member of the network, as for a voorbeeld).
 * One place, so that indexing and reading agree.
 */
export const searchKinds = {
  report: { view: 'report.view' },
  programmeItem: { view: 'programme.view' },
  statement: { view: 'meeting.view' },
  example: { view: null },
} as const satisfies Record<string, { view: MeetingAction | null }>;
export type SearchKind = keyof typeof searchKinds;

export function isSearchKind(kind: string): kind is SearchKind {
  return Object.hasOwn(searchKinds, kind);
}

async function put(db: Db, meeting: Meeting, kind: SearchKind, ref: string, title: string, body: string) {
  await indexSearchEntry(db, {
    networkId: meeting.network_id,
    meetingId: meeting.id,
    kind,
    ref,
    title,
    body,
    titleStems: stems(title),
    bodyStems: stems(body),
  });
}

/** Indexes the text of a meeting's verslag (its report document's 'content' as plain text). */
export async function indexReport(db: Db, meeting: Meeting, content: Y.XmlFragment): Promise<void> {
  await put(db, meeting, 'report', String(meeting.id), meeting.title, richTextToPlain(content));
}

/** Indexes the items of a meeting's programme, and forgets the items that are no longer in it. */
export async function indexProgramme(db: Db, meeting: Meeting, programme: Programme): Promise<void> {
  const refs: string[] = [];
  for (const item of programme.items) {
    const ref = `${meeting.id}:${item.id}`;
    refs.push(ref);
    const body = [
      item.descriptionText,
      ...item.speakers.map((speaker) => [speaker.name, speaker.role].filter(Boolean).join(', ')),
      ...item.sessions.map((session) => session.topic),
    ].join('\n');
    await put(db, meeting, 'programmeItem', ref, item.title, body);
  }
  await removeSearchEntriesExcept(db, meeting.id, 'programmeItem', refs);
}

/** Indexes a stelling with its context. */
export async function indexStatement(
  db: Db,
  meeting: Meeting,
  statement: Pick<StatementRow, 'id' | 'text' | 'context'>,
): Promise<void> {
  await put(db, meeting, 'statement', String(statement.id), statement.text, statement.context);
}

/** Forgets a deleted stelling. */
export async function unindexStatement(db: Db, statementId: number): Promise<void> {
  await removeSearchEntry(db, 'statement', String(statementId));
}

/** Indexes a goed voorbeeld: its title, and its description, city and tags as text. Network-wide, no meeting. */
export async function indexExample(db: Db, example: Example): Promise<void> {
  const body = [example.descriptionText, example.organisation?.name ?? '', ...example.tags.map((tag) => tag.name)].join(
    '\n',
  );
  await indexSearchEntry(db, {
    networkId: example.networkId,
    meetingId: null,
    kind: 'example',
    ref: String(example.id),
    title: example.title,
    body,
    titleStems: stems(example.title),
    bodyStems: stems(body),
  });
}

/** Forgets a deleted voorbeeld. */
export async function unindexExample(db: Db, exampleId: number): Promise<void> {
  await removeSearchEntry(db, 'example', String(exampleId));
}

/** A stored document as a Y.Doc, or undefined when it was never written; the caller destroys it. */
async function storedDoc(db: Db, name: string): Promise<Y.Doc | undefined> {
  const document = await findDocument(db, name);
  if (!document) return undefined;
  const { snapshot, updates } = await loadDocumentState(db, document.id);
  const doc = new Y.Doc();
  for (const update of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, update);
  return doc;
}

/**
 * Builds the index again from what is stored (`pnpm cli search-index`): after a change to the stemmer, or to
 * repair it. Reads documents from the database, so it may run beside a running server. Returns the entry count.
 */
export async function rebuildSearchIndex(db: Db): Promise<number> {
  await clearSearchIndex(db);
  let count = 0;
  for (const network of await listNetworks(db)) {
    for (const example of await listExamples(db, network.id, { viewerId: 0, limit: Number.MAX_SAFE_INTEGER })) {
      await indexExample(db, example);
      count++;
    }
    for (const meeting of await listMeetings(db, network.id)) {
      for (const statement of await listStatements(db, meeting.id)) {
        await indexStatement(db, meeting, statement);
        count++;
      }
      const programme = await storedDoc(db, programmeDocumentName(network.slug, meeting.id));
      if (programme) {
        const read = readProgramme(programme);
        await indexProgramme(db, meeting, read);
        count += read.items.length;
        programme.destroy();
      }
      const report = await storedDoc(db, reportDocumentName(network.slug, meeting.id));
      if (report) {
        await indexReport(db, meeting, reportFragment(report));
        count++;
        report.destroy();
      }
    }
  }
  return count;
}

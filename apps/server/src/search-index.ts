import {
  type Db,
  indexSearchEntry,
  type Meeting,
  removeSearchEntriesExcept,
  removeSearchEntry,
  type StatementRow,
} from '@klankbord/db';
import { type MeetingAction, type Programme, richTextToPlain } from '@klankbord/domain';
import { stems } from '@klankbord/search';
import type * as Y from 'yjs';

/**
 * What the search index holds, kind by kind: how each is made into an entry, and which action of the meeting
 * matrix decides whether a member sees it in results. One place, so that indexing and reading agree.
 */
export const searchKinds = {
  report: { view: 'report.view' },
  programmeItem: { view: 'programme.view' },
  statement: { view: 'meeting.view' },
} as const satisfies Record<string, { view: MeetingAction }>;
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

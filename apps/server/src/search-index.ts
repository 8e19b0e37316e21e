import { storedDocument } from '@klankbord/collab';
import {
  type Attachment,
  countSearchEntries,
  countSearchSources,
  type Db,
  type Example,
  findDocument,
  findOrganisation,
  indexSearchEntry,
  listExamples,
  listMeetings,
  listMembers,
  listMessages,
  listNetworkAttachments,
  listNetworkOrganisations,
  listNetworks,
  listNetworksOfUser,
  listOrganisations,
  listStatements,
  listThemes,
  listThreadsOfNetwork,
  loadDocumentState,
  type Meeting,
  type Message,
  type OrganisationRow,
  optimizeSearchIndex,
  removeSearchEntriesExcept,
  removeSearchEntriesIndexedBefore,
  removeSearchEntriesWithRefPrefix,
  removeSearchEntry,
  type StatementRow,
  type ThreadRow,
  type VisibleEntries,
} from '@klankbord/db';
import {
  type AttachmentTargetKind,
  attachmentTargetKinds,
  decide,
  type MeetingStatus,
  meetingStatuses,
  type Programme,
  parseSubject,
  programmeDocumentName,
  type Role,
  readProgramme,
  reportDocumentName,
  reportFragment,
  richTextToPlain,
  type Subject,
  subjectKinds,
} from '@klankbord/domain';
import { compoundStems, stems } from '@klankbord/search';
import type * as Y from 'yjs';
import { mayInMeeting, mayInSubject } from './access/authorise.ts';
import { meetingInStatus } from './access/facts.ts';
import type { Logger } from './logger.ts';

type Scope = { networkId: number; meetingId: number | null };
const meetingScope = (meeting: Meeting): Scope => ({ networkId: meeting.network_id, meetingId: meeting.id });

/**
 * What the search index holds, kind by kind, and who sees an entry of each kind in results, given its meeting's
 * status (null for the network's own, such as a voorbeeld). A message is seen by whoever may read its thread.
 * One place, so that indexing and reading agree.
 */
const visibility = {
  report: (role: Role, status: MeetingStatus | null) => status !== null && mayInMeeting(role, 'report.view', status),
  programmeItem: (role: Role, status: MeetingStatus | null) =>
    status !== null && mayInMeeting(role, 'programme.view', status),
  statement: (role: Role, status: MeetingStatus | null) =>
    status !== null && mayInMeeting(role, 'meeting.view', status),
  example: (role: Role, status: MeetingStatus | null) =>
    status === null && decide('example', 'read', { role }) === 'allow',
  /** A netwerkdag itself: its title, host city, year and venue. */
  meeting: (role: Role, status: MeetingStatus | null) => status !== null && mayInMeeting(role, 'meeting.view', status),
  theme: (role: Role, status: MeetingStatus | null) => status !== null && mayInMeeting(role, 'theme.view', status),
  /** A deelsessie is part of the programme. */
  session: (role: Role, status: MeetingStatus | null) =>
    status !== null && mayInMeeting(role, 'programme.view', status),
  /** A member of the network, by name and organisation: for whoever may see the member list. */
  person: (role: Role, status: MeetingStatus | null) =>
    status === null && decide('network', 'member.list', { role }) === 'allow',
  organisation: (role: Role, status: MeetingStatus | null) =>
    status === null && decide('network', 'network.view', { role }) === 'allow',
} satisfies Record<string, (role: Role, status: MeetingStatus | null) => boolean>;
type SearchKind = keyof typeof visibility | 'message' | 'file';

/** Every kind of entry the index holds, for the API's kind filter. */
export const searchKinds: readonly SearchKind[] = [...(Object.keys(visibility) as SearchKind[]), 'message', 'file'];

/**
 * A file is seen by whoever may read the files of what it is attached to (a voorbeeld: the network's members;
 * a netwerkdag: whoever sees it; a verslag: whoever may read its text as it is now — the published final version
 * is not known here, so a gast does not find a verslag's files in search, only on the verslag).
 */
function fileVisible(role: Role, target: AttachmentTargetKind, status: MeetingStatus | null): boolean {
  if ((target === 'example') !== (status === null)) return false;
  const facts = status === null ? { role } : { role, meeting: meetingInStatus(status) };
  return decide('attachments', 'read', facts, { attachmentTarget: { kind: target, id: 0 } }) === 'allow';
}

/** A message's ref: where it was written and which one, `<subject kind>:<subject id>:<message id>`. */
function messageRef(ref: string): { subject: Subject; messageId: number } | undefined {
  const [kind = '', id = '', messageId = ''] = ref.split(':');
  const subject = parseSubject(`${kind}:${id}`);
  return subject && /^\d+$/.test(messageId) ? { subject, messageId: Number(messageId) } : undefined;
}

/**
 * What a member with this role may see in results, as the filter the search query applies (so that its limit
 * counts visible matches only): for each kind — and for messages, each kind of subject, the start of their ref —
 * the meeting statuses in which the rules above let the role see it, null standing for no meeting.
 */
export function visibleEntries(role: Role): VisibleEntries[] {
  const statuses = [...meetingStatuses, null];
  const kinds = Object.entries(visibility).map(([kind, visible]) => ({
    kind,
    refPrefix: null,
    statuses: statuses.filter((status) => visible(role, status)),
  }));
  const messages = subjectKinds.map((subject) => ({
    kind: 'message',
    refPrefix: `${subject}:`,
    statuses: statuses.filter((status) => mayInSubject(role, subject, 'view', status)),
  }));
  const files = attachmentTargetKinds.map((target) => ({
    kind: 'file',
    refPrefix: `${target}:`,
    statuses: statuses.filter((status) => fileVisible(role, target, status)),
  }));
  return [...kinds, ...messages, ...files].filter((entries) => entries.statuses.length > 0);
}

/** Where the web app shows a result. */
export function searchResultPath(slug: string, hit: { kind: string; ref: string; meetingId: number | null }): string {
  const meeting = `/networks/${slug}/meetings/${hit.meetingId}`;
  switch (hit.kind) {
    case 'report':
      return `${meeting}/report`;
    case 'programmeItem':
      return `${meeting}/programme`;
    case 'session':
      return `${meeting}/sessions/${hit.ref.split(':')[1] ?? ''}`;
    case 'example':
      return `/networks/${slug}/examples/${hit.ref}`;
    case 'person':
    case 'organisation':
      return `/networks/${slug}`;
    case 'file': {
      const [target = '', id = ''] = hit.ref.split(':');
      if (target === 'example') return `/networks/${slug}/examples/${id}`;
      return target === 'report' ? `${meeting}/report` : meeting;
    }
    case 'message': {
      const subject = messageRef(hit.ref)?.subject;
      if (subject?.kind === 'example') return `/networks/${slug}/examples/${subject.id}`;
      if (subject?.kind === 'comment') return `${meeting}/report`;
      if (subject?.kind === 'session') return `${meeting}/sessions/${subject.id}`;
      return meeting;
    }
    default:
      return meeting;
  }
}

async function put(db: Db, scope: Scope, kind: SearchKind, ref: string, title: string, body: string) {
  await indexSearchEntry(db, {
    ...scope,
    kind,
    ref,
    title,
    body,
    titleStems: stems(title),
    bodyStems: stems(body),
    partStems: `${compoundStems(title)} ${compoundStems(body)}`.trim(),
  });
}

/** The year of a meeting, from its first date. */
const yearOf = (meeting: Meeting) => meeting.first_date.slice(0, 4);

/**
 * Indexes a netwerkdag itself: its title, and its host city, year, dates and venue as text, so that "Emmen",
 * "Netwerkdag Tilburg" and "2015" find it. `host` is its host organisation, if any.
 */
export async function indexMeeting(db: Db, meeting: Meeting, host: OrganisationRow | null): Promise<void> {
  const body = [host?.short_name ?? '', host?.name ?? '', yearOf(meeting), meeting.venue, ...meeting.dates].join('\n');
  await put(db, meetingScope(meeting), 'meeting', String(meeting.id), meeting.title, body);
}

/** Indexes a meeting with its host organisation looked up (routes that have only the meeting). */
export async function indexMeetingWithHost(db: Db, meeting: Meeting): Promise<void> {
  const host = meeting.host_organisation_id ? await findOrganisation(db, meeting.host_organisation_id) : undefined;
  await indexMeeting(db, meeting, host ?? null);
}

/** Indexes a theme of a meeting: its title, and why it was proposed. */
export async function indexTheme(
  db: Db,
  meeting: Meeting,
  theme: { id: number; title: string; why: string },
): Promise<void> {
  await put(db, meetingScope(meeting), 'theme', String(theme.id), theme.title, theme.why);
}

/** Forgets a deleted theme. */
export async function unindexTheme(db: Db, themeId: number): Promise<void> {
  await removeSearchEntry(db, 'theme', String(themeId));
}

/** Indexes a file by its name, under what it is attached to. */
export async function indexFile(db: Db, attachment: Attachment, meetingId: number | null): Promise<void> {
  const ref = `${attachment.targetKind}:${attachment.targetId}:${attachment.id}`;
  const scope = { networkId: attachment.networkId, meetingId };
  await put(db, scope, 'file', ref, attachment.name, attachment.name.replace(/[._-]+/g, ' '));
}

/** Forgets deleted files. */
export async function unindexFiles(db: Db, attachments: readonly Attachment[]): Promise<void> {
  for (const a of attachments) await removeSearchEntry(db, 'file', `${a.targetKind}:${a.targetId}:${a.id}`);
}

/**
 * Indexes a person in each network they belong to — their name, with organisation as text — and forgets them in
 * the networks they left. Call after a membership or a name changes, or when an account goes.
 */
export async function indexPerson(db: Db, userId: number): Promise<void> {
  await removeSearchEntriesWithRefPrefix(db, 'person', `${userId}:`);
  for (const network of await listNetworksOfUser(db, userId)) {
    const member = (await listMembers(db, network.id)).find((m) => m.userId === userId);
    if (member) await indexMember(db, network.id, member);
  }
}

async function indexMember(
  db: Db,
  networkId: number,
  member: { userId: number; name: string; organisationName: string | null },
): Promise<void> {
  const scope = { networkId, meetingId: null };
  await put(db, scope, 'person', `${member.userId}:${networkId}`, member.name, member.organisationName ?? '');
}

/** Indexes the organisations of a network (its cities and partners), and forgets those no longer in it. */
export async function indexNetworkOrganisations(db: Db, networkId: number): Promise<number> {
  await removeSearchEntriesWithRefPrefix(db, 'organisation', `${networkId}:`);
  const organisations = await listNetworkOrganisations(db, networkId);
  for (const o of organisations) {
    const scope = { networkId, meetingId: null };
    await put(db, scope, 'organisation', `${networkId}:${o.id}`, o.name, o.short_name ?? '');
  }
  return organisations.length;
}

/** Indexes the text of a meeting's verslag (its report document's 'content' as plain text). */
export async function indexReport(db: Db, meeting: Meeting, content: Y.XmlFragment): Promise<void> {
  await put(db, meetingScope(meeting), 'report', String(meeting.id), meeting.title, richTextToPlain(content));
}

/** Indexes the items of a meeting's programme, and forgets the items that are no longer in it. */
export async function indexProgramme(db: Db, meeting: Meeting, programme: Programme): Promise<void> {
  const refs: string[] = [];
  const sessionRefs: string[] = [];
  for (const item of programme.items) {
    const ref = `${meeting.id}:${item.id}`;
    refs.push(ref);
    const body = [
      item.descriptionText,
      ...item.speakers.map((speaker) => [speaker.name, speaker.role].filter(Boolean).join(', ')),
      ...item.sessions.map((session) => session.topic),
    ].join('\n');
    await put(db, meetingScope(meeting), 'programmeItem', ref, item.title, body);
    for (const session of item.sessions) {
      const sessionRef = `${meeting.id}:${session.id}`;
      sessionRefs.push(sessionRef);
      const about = [item.title, session.facilitator, session.rapporteur, session.room].filter(Boolean).join('\n');
      await put(db, meetingScope(meeting), 'session', sessionRef, session.topic, about);
    }
  }
  await removeSearchEntriesExcept(db, meeting.id, 'programmeItem', refs);
  await removeSearchEntriesExcept(db, meeting.id, 'session', sessionRefs);
}

/** Indexes a stelling with its context. */
export async function indexStatement(
  db: Db,
  meeting: Meeting,
  statement: Pick<StatementRow, 'id' | 'text' | 'context'>,
): Promise<void> {
  await put(db, meetingScope(meeting), 'statement', String(statement.id), statement.text, statement.context);
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
  await put(db, { networkId: example.networkId, meetingId: null }, 'example', String(example.id), example.title, body);
}

/** Indexes a message of a discussion under its author's name; a deleted one (no text) is forgotten. */
export async function indexMessage(db: Db, thread: ThreadRow, message: Message): Promise<void> {
  const ref = `${thread.subject_kind}:${thread.subject_id}:${message.id}`;
  if (message.body === null) return removeSearchEntry(db, 'message', ref);
  const scope = { networkId: thread.network_id, meetingId: thread.meeting_id };
  await put(db, scope, 'message', ref, message.authorName ?? '', message.body);
}

/** Forgets a deleted voorbeeld, and the messages of its discussion and its files. */
export async function unindexExample(db: Db, exampleId: number): Promise<void> {
  await removeSearchEntry(db, 'example', String(exampleId));
  await removeSearchEntriesWithRefPrefix(db, 'message', `example:${exampleId}:`);
  await removeSearchEntriesWithRefPrefix(db, 'file', `example:${exampleId}:`);
}

/** A stored document as a Y.Doc, or undefined when it was never written; the caller destroys it. */
async function storedDoc(db: Db, name: string): Promise<Y.Doc | undefined> {
  const document = await findDocument(db, name);
  if (!document) return undefined;
  return storedDocument(await loadDocumentState(db, document.id));
}

/** How far a rebuild is: texts read of those counted at its start, and the entries written. */
export interface RebuildProgress {
  done: number;
  total: number;
  entries: number;
}

/** Indexes one text with the batch's transaction; returns how many entries it wrote. */
type IndexJob = (trx: Db) => Promise<number>;

// Texts per transaction: one commit (and fsync) per batch instead of per entry, short enough (tens of
// milliseconds) that the requests waiting for the database and the event loop are not held up for long.
const REBUILD_BATCH = 200;

/** Every text the index is built from, network by network, read as they are asked for. */
async function* indexJobs(db: Db): AsyncGenerator<IndexJob> {
  const organisations = new Map((await listOrganisations(db)).map((o) => [o.id, o]));
  for (const network of await listNetworks(db)) {
    yield (trx) => indexNetworkOrganisations(trx, network.id);
    for (const member of await listMembers(db, network.id)) {
      yield async (trx) => {
        await indexMember(trx, network.id, member);
        return 1;
      };
    }
    for (const attachment of await listNetworkAttachments(db, network.id)) {
      yield async (trx) => {
        await indexFile(trx, attachment, attachment.targetKind === 'example' ? null : attachment.targetId);
        return 1;
      };
    }
    for (const example of await listExamples(db, network.id, { viewerId: 0, limit: Number.MAX_SAFE_INTEGER })) {
      yield async (trx) => {
        await indexExample(trx, example);
        return 1;
      };
    }
    for (const thread of await listThreadsOfNetwork(db, network.id)) {
      for (const message of await listMessages(db, thread.id, { limit: Number.MAX_SAFE_INTEGER })) {
        yield async (trx) => {
          await indexMessage(trx, thread, message);
          return message.body === null ? 0 : 1;
        };
      }
    }
    for (const meeting of await listMeetings(db, network.id)) {
      yield async (trx) => {
        await indexMeeting(trx, meeting, organisations.get(meeting.host_organisation_id ?? 0) ?? null);
        return 1;
      };
      for (const theme of await listThemes(db, meeting.id)) {
        yield async (trx) => {
          await indexTheme(trx, meeting, theme);
          return 1;
        };
      }
      for (const statement of await listStatements(db, meeting.id)) {
        yield async (trx) => {
          await indexStatement(trx, meeting, statement);
          return 1;
        };
      }
      yield async (trx) => {
        const programme = await storedDoc(trx, programmeDocumentName(network.slug, meeting.id));
        if (!programme) return 0;
        const read = readProgramme(programme);
        await indexProgramme(trx, meeting, read);
        programme.destroy();
        return read.items.reduce((entries, item) => entries + 1 + item.sessions.length, 0);
      };
      yield async (trx) => {
        const report = await storedDoc(trx, reportDocumentName(network.slug, meeting.id));
        if (!report) return 0;
        await indexReport(trx, meeting, reportFragment(report));
        report.destroy();
        return 1;
      };
    }
  }
}

/**
 * Builds the index again from what is stored (`pnpm cli search-index`, or at start after a migration emptied
 * it): after a change to the stemmer or the index, or to repair it. Reads documents from the database, so it may
 * run beside a running server. Writes in batches of one transaction each, yielding to the event loop between
 * them and telling `onProgress`; the old entries stay searchable until the new ones are in, and those it did not
 * write again go at the end. Returns the entry count.
 */
export async function rebuildSearchIndex(
  db: Db,
  options: { onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<number> {
  const started = Date.now();
  const progress: RebuildProgress = { done: 0, total: await countSearchSources(db), entries: 0 };
  let batch: IndexJob[] = [];
  const write = async () => {
    const jobs = batch;
    batch = [];
    progress.entries += await db.transaction().execute(async (trx) => {
      let entries = 0;
      for (const job of jobs) entries += await job(trx);
      return entries;
    });
    progress.done += jobs.length;
    options.onProgress?.({ ...progress });
    await new Promise((resolve) => setImmediate(resolve));
  };
  // The jobs read their lists outside the batch's transaction: kysely's one SQLite connection is the
  // transaction's while it lasts.
  for await (const job of indexJobs(db)) {
    batch.push(job);
    if (batch.length >= REBUILD_BATCH) await write();
  }
  await write();
  await removeSearchEntriesIndexedBefore(db, started);
  await optimizeSearchIndex(db);
  return progress.entries;
}

/**
 * An `onProgress` that tells `say` a line for a person at every tenth of the way (and at the end), such as
 * `12000/100000 texts (12%), 11890 entries, 2400 entries/s`: a handful of lines however large the index.
 */
export function reportProgress(say: (line: string, progress: RebuildProgress) => void) {
  const started = performance.now();
  let lastTenth = -1;
  return (progress: RebuildProgress) => {
    const share = progress.total === 0 ? 1 : Math.min(1, progress.done / progress.total);
    const tenth = Math.floor(share * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    const seconds = Math.max((performance.now() - started) / 1000, 0.001);
    const line = `${progress.done}/${progress.total} texts (${Math.floor(share * 100)}%), ${progress.entries} entries, ${Math.round(progress.entries / seconds)} entries/s`;
    say(line, progress);
  };
}

/**
 * Builds the index when it is empty while there is something to index: after a migration that changed it (such
 * as 0017, which adds networks to its words), before the server takes requests. Logs its progress.
 */
export async function rebuildEmptySearchIndex(db: Db, logger: Logger): Promise<void> {
  if ((await countSearchEntries(db)) > 0 || (await countSearchSources(db)) === 0) return;
  const started = performance.now();
  logger.info('search index empty: building it');
  const entries = await rebuildSearchIndex(db, {
    onProgress: reportProgress((line, progress) => logger.info({ ...progress }, `search index: ${line}`)),
  });
  logger.info({ entries, ms: Math.round(performance.now() - started) }, 'search index built');
}

import { readFile } from 'node:fs/promises';
import {
  appendUpdates,
  createAfspraak,
  createMeeting,
  createReportVersion,
  createStatement,
  createTheme,
  type Db,
  ensureDocument,
  findNetwork,
  listNetworkOrganisations,
  listOrganisations,
  type Meeting,
  markReportFinalised,
  markReportPublished,
  setFinalReportVersion,
  setMeetingStatus,
  setThemeChosen,
  updateAfspraak,
} from '@klankbord/db';
import {
  addItem,
  addSession,
  encodeReportState,
  type MeetingInput,
  type ProgrammeItemInput,
  type ProgrammeItemKind,
  parseDocumentName,
  programmeDocumentName,
  reportDocumentName,
  type Speaker,
} from '@klankbord/domain';
import * as Y from 'yjs';
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { projectDocuments } from '../projections.ts';
import { indexStatement, rebuildSearchIndex } from '../search-index.ts';
import type { DemoFacts, FactProgrammePart, Netwerkdag } from './demo-facts.ts';
import { composeReport, writeReport } from './demo-report.ts';
import { curateDemoTopics } from './demo-topics.ts';
import type { CommandOptions } from './input.ts';

const NETWORK = 'netwerk-grote-steden';

// The facts give kinds of programme parts, not durations; these are the usual lengths of such parts.
const kinds: Record<string, { kind: ProgrammeItemKind; minutes: number }> = {
  opening: { kind: 'opening', minutes: 15 },
  talk: { kind: 'talk', minutes: 30 },
  discussion: { kind: 'discussion', minutes: 45 },
  plenary: { kind: 'discussion', minutes: 30 },
  workshop: { kind: 'deelsessies', minutes: 60 },
  breakout: { kind: 'deelsessies', minutes: 60 },
  social: { kind: 'social', minutes: 90 },
  closing: { kind: 'closing', minutes: 15 },
};

function speakers(part: FactProgrammePart): Speaker[] {
  return (part.speakers ?? []).map((s) => ({
    name: s.name ?? s.org ?? '',
    role: s.role ?? '',
    organisation: s.org ?? '',
  }));
}

/** The programme of a netwerkdag as a Yjs document, built with the same helpers the editor uses. */
function programmeDocument(day: Netwerkdag): Y.Doc {
  const doc = new Y.Doc();
  for (const part of day.programme ?? []) {
    const { kind, minutes } = kinds[part.kind] ?? { kind: 'talk', minutes: 30 };
    const fields: ProgrammeItemInput = {
      kind,
      title: part.title ?? '',
      durationMinutes: minutes,
      speakers: kind === 'deelsessies' && part.kind === 'workshop' ? [] : speakers(part),
      rotationMinutes: part.rotationMinutes ?? null,
    };
    const itemId = addItem(doc, fields);
    // A workshop is one session led by its speakers; a breakout lists its sessions by topic.
    const topics = part.kind === 'workshop' ? [part.title ?? ''] : (part.sessions ?? []);
    for (const topic of topics) {
      const rapporteurs = (day.sessionReporters ?? []).filter((r) => r.session === topic).map((r) => r.name);
      const facilitator =
        part.kind === 'workshop'
          ? speakers(part)
              .map((s) => s.name)
              .join(', ')
          : '';
      addSession(doc, itemId, { topic, facilitator, rapporteur: rapporteurs.join(', ') });
    }
  }
  return doc;
}

type Project = ReturnType<typeof projectDocuments>;

/** Stores a whole Yjs document as its first update and projects it (read models, search), as the server would. */
async function storeDocument(db: Db, project: Project, documentName: string, doc: Y.Doc): Promise<void> {
  const address = parseDocumentName(documentName);
  if (!address) throw new Error(`not a document name: ${documentName}`);
  const document = await ensureDocument(db, address);
  await appendUpdates(db, [{ documentId: document.id, data: Y.encodeStateAsUpdate(doc) }]);
  await project({ documentName, documentId: document.id, doc });
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Around noon Dutch time on a date; the moments of the demo history are set on its days, not on today. */
const onDate = (iso: string, days = 0) => Date.parse(`${iso}T11:00:00Z`) + days * DAY_MS;

/**
 * The verslag of a past netwerkdag, as the secretariaat would have left it: written, finalised as "Definitief"
 * three weeks after the day, published to the members, with its afspraken anchored in the text. Afspraken are done
 * by the next netwerkdag; those of the newest stay open.
 */
async function writeDemoReport(
  db: Db,
  project: Project,
  meeting: Meeting,
  verslag: { day: Netwerkdag; next: Netwerkdag | undefined; network: string; secretariat: string },
  organisations: Map<string, number>,
): Promise<void> {
  const { day, next } = verslag;
  const doc = new Y.Doc();
  const written = writeReport(
    doc,
    composeReport(
      day,
      { network: verslag.network, secretariat: verslag.secretariat, next, newest: next === undefined },
      new Set(organisations.keys()),
    ),
  );
  await storeDocument(db, project, reportDocumentName(NETWORK, meeting.id), doc);
  const finalised = onDate(meeting.dates.at(-1) ?? meeting.first_date, 21);
  const version = await createReportVersion(
    db,
    { meetingId: meeting.id, name: 'Definitief', state: encodeReportState(doc), createdBy: null },
    finalised,
  );
  doc.destroy();
  await markReportFinalised(db, meeting.id, null, finalised);
  await setFinalReportVersion(db, meeting.id, version.id);
  await markReportPublished(db, meeting.id, null, finalised);
  const doneAt = next?.dates[0] ? onDate(next.dates[0]) : finalised;
  for (const afspraak of written) {
    const made = await createAfspraak(
      db,
      {
        networkId: meeting.network_id,
        meetingId: meeting.id,
        anchor: afspraak.anchor,
        quote: afspraak.quote,
        description: afspraak.description,
        ownerUserId: null,
        ownerOrganisationId: afspraak.owner === null ? null : (organisations.get(afspraak.owner) ?? null),
        dueDate: null,
        createdBy: null,
      },
      finalised,
    );
    if (afspraak.done) await updateAfspraak(db, made.id, { status: 'done' }, null, doneAt);
  }
}

/**
 * `demo-data [--force]`: loads the network's public history — its netwerkdagen since 2007 with their themes,
 * programmes, sessions, statements and published verslagen with their afspraken — so that a newcomer sees a
 * realistic workspace. Refuses a database that already holds meetings unless --force is given.
 */
export async function demoDataCommand(db: Db, options: CommandOptions, config: Config): Promise<number> {
  const network = await findNetwork(db, NETWORK);
  if (!network) {
    console.error(`network.unknown: ${NETWORK}`);
    return 1;
  }
  const existing = await db.selectFrom('meetings').select('id').limit(1).executeTakeFirst();
  if (existing && options.force !== true) {
    console.error('demo-data: the database already has meetings; pass --force to add the demo data anyway');
    return 1;
  }
  const facts = JSON.parse(await readFile(config.seedFile, 'utf8')) as DemoFacts;
  const organisations = new Map((await listOrganisations(db)).map((o) => [o.short_name ?? o.name, o.id]));
  // An afspraak is given only to an organisation of the network.
  const members = new Map(
    (await listNetworkOrganisations(db, network.id)).map((o) => [o.short_name ?? o.name, o.id] as const),
  );
  const secretariat = facts.networks.find((n) => n.slug === NETWORK)?.secretariat ?? 'CCV';
  const project = projectDocuments({ db, logger: createLogger('warn') });

  for (const [index, day] of facts.netwerkdagen.entries()) {
    // One netwerkdag in the record has no known date; it is filed between its neighbours in the list.
    const dates = day.dates.length > 0 ? day.dates : [inferDate(facts.netwerkdagen, index)];
    const input: MeetingInput = {
      title: titleOf(day),
      dates,
      format: day.format?.includes('online') ? 'online' : 'in-person',
      hostOrganisationId: (day.city && organisations.get(day.city)) || null,
      venue: day.venue ?? '',
    };
    const meeting = await createMeeting(db, network.id, input, null);
    for (const title of day.themes) {
      const theme = await createTheme(db, meeting.id, { title, why: '' }, null);
      await setThemeChosen(db, theme.id, true);
    }
    for (const text of day.statements ?? []) {
      await indexStatement(db, meeting, await createStatement(db, meeting.id, { text, context: '', sessionId: null }));
    }
    await storeDocument(db, project, programmeDocumentName(NETWORK, meeting.id), programmeDocument(day));
    // Past netwerkdagen are done: they move through their lifecycle to afgerond.
    for (const [from, to] of [
      ['preparation', 'published'],
      ['published', 'live'],
      ['live', 'reporting'],
      ['reporting', 'closed'],
    ] as const) {
      await setMeetingStatus(db, meeting.id, from, to);
    }
    // The record says when no verslag was made; that netwerkdag keeps none, and offers no link to one.
    if (day.report !== 'none was made') {
      // The list runs newest first: the day before this one in it is the netwerkdag that followed.
      const next = facts.netwerkdagen[index - 1];
      await writeDemoReport(db, project, meeting, { day, next, network: network.name, secretariat }, members);
    }
  }
  // The netwerkdagen, themes, deelsessies, people and organisations become searchable with everything else.
  await rebuildSearchIndex(db);
  // The theme timeline's recurring topics, as the secretariaat would have grouped the themes.
  await curateDemoTopics(db, network.id);
  console.log(`loaded ${facts.netwerkdagen.length} netwerkdagen into ${NETWORK}`);
  return 0;
}

function titleOf(day: Netwerkdag): string {
  if (day.city) return `Netwerkdag ${day.city}`;
  if (day.format?.includes('online')) return 'Online netwerkdag';
  return day.dates.length > 0 ? 'Netwerkdag' : 'Netwerkdag (datum onbekend)';
}

/** A date for an undated netwerkdag: the first of January of the year after the next older dated one. */
function inferDate(days: readonly Netwerkdag[], index: number): string {
  const older = days.slice(index + 1).find((d) => d.dates.length > 0);
  const year = older ? Number(older.dates[0]?.slice(0, 4)) + 1 : 2007;
  return `${year}-01-01`;
}

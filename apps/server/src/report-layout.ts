import {
  type Db,
  findOrganisation,
  findReport,
  findReportVersion,
  findUser,
  listAttendance,
  listMeetingAfspraken,
  listStatements,
  listThemes,
  type Meeting,
  type NetworkRow,
  tallyStatements,
} from '@klankbord/db';
import { CITY_TALLY_MIN_VOTERS, type CityTally } from '@klankbord/domain';
import type { ReportCities, ReportLayout, ReportStatus } from '@klankbord/editor';
import type { FileStore } from './files/storage.ts';
import { reportParts } from './report-content.ts';
import { reportImages, reportReviewComments } from './report-extras.ts';
import { cityTallies } from './statement-tallies.ts';

/** What a verslag's layout is built from besides the database. */
export interface ReportLayoutInput {
  meeting: Meeting;
  network: NetworkRow;
  /** The stored state of the verslag's document (the live one, locked while final). */
  state: Uint8Array;
  /** Whoever asks for it: the author of a concept is their organisation. */
  requesterId: number;
  /** Whether the presentielijst names people, not only organisations: the secretariaat asks for it per export. */
  names: boolean;
  /** Whether the verslag's comments come along, for a review round in Word. */
  comments: boolean;
  /** Where the verslag's own images are kept. */
  files: FileStore;
  /** For a final version's state: when it was made, so that only images that existed then are embedded. */
  madeAt?: number;
}

/**
 * A verslag's layout, filled from the database and the stored document: what Word, PDF, HTML and the print view
 * render. Read in one go after the document's last accepted change has committed (the caller's `change`).
 */
export async function buildReportLayout(db: Db, input: ReportLayoutInput): Promise<ReportLayout> {
  const { meeting, network } = input;
  const status = await reportStatus(db, meeting.id);
  const statements = await listStatements(db, meeting.id);
  const tallies = await tallyStatements(
    db,
    statements.map((statement) => statement.id),
  );
  // Per organisation as everywhere else: suppressed by cityTallies, never the raw groups.
  const cities = await cityTallies(
    db,
    statements.map((statement) => statement.id),
  );
  const attendance = await listAttendance(db, meeting.id);
  const host =
    meeting.host_organisation_id === null ? undefined : await findOrganisation(db, meeting.host_organisation_id);
  const authorId = status.layout.final ? status.finalisedBy : input.requesterId;
  const { body, holdsStatements } = await reportParts(input.state);
  return {
    network: network.name,
    title: meeting.title,
    dates: meeting.dates,
    venue: meeting.venue.trim() === '' ? null : meeting.venue,
    hostCity: host?.name ?? null,
    status: status.layout,
    themes: (await listThemes(db, meeting.id)).filter((theme) => theme.chosen).map((theme) => theme.title),
    attendance: { organisations: attendance.organisations, names: input.names ? attendance.names : null },
    body,
    statements: (holdsStatements ? [] : statements).map((statement) => {
      const perCity = reportCities(cities.get(statement.id));
      return {
        text: statement.text,
        votes: tallies.get(statement.id) ?? { agree: 0, neutral: 0, disagree: 0 },
        ...(perCity ? { cities: perCity } : {}),
      };
    }),
    afspraken: (await listMeetingAfspraken(db, meeting.id)).map((afspraak) => ({
      description: afspraak.description,
      owner: afspraak.owner?.name ?? null,
      dueDate: afspraak.dueDate,
      status: afspraak.status,
    })),
    author: authorId === null ? null : await organisationOf(db, authorId),
    images: await reportImages(db, input.files, meeting.id, body, input.madeAt),
    comments: input.comments ? await reportReviewComments(db, meeting.id) : null,
  };
}

/** A statement's suppressed vote per organisation in the layout's words; absent when nothing may be shown. */
function reportCities(cities: CityTally | undefined): ReportCities | undefined {
  if (!cities || (cities.groups.length === 0 && cities.other === null)) return undefined;
  return {
    groups: cities.groups.map((group) => ({ organisation: group.organisation, votes: group.tally })),
    other: cities.other,
    minVoters: CITY_TALLY_MIN_VOTERS,
  };
}

/** Concept, or definitief with who finalised it (their name; null once the account is gone), when, and the version. */
async function reportStatus(db: Db, meetingId: number): Promise<{ layout: ReportStatus; finalisedBy: number | null }> {
  const report = await findReport(db, meetingId);
  if (!report || report.finalised_at === null) return { layout: { final: false }, finalisedBy: null };
  const version =
    report.final_version_id === null ? undefined : await findReportVersion(db, meetingId, report.final_version_id);
  const by = report.finalised_by === null ? undefined : await findUser(db, report.finalised_by);
  return {
    layout: { final: true, by: by?.name ?? null, at: report.finalised_at, version: version?.name ?? '' },
    finalisedBy: report.finalised_by,
  };
}

async function organisationOf(db: Db, userId: number): Promise<string | null> {
  const user = await findUser(db, userId);
  const organisation = user?.organisation_id == null ? undefined : await findOrganisation(db, user.organisation_id);
  return organisation?.name ?? null;
}

/** A verslag's file name without extension, "Verslag Netwerkdag Utrecht 2026-03-12", safe on every file system. */
export function reportFileBase(title: string, date: string): string {
  return `Verslag ${title} ${date}`
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/[/\\:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The download's file name, "Verslag Netwerkdag Utrecht 2026-03-12.docx": the plain `filename` keeps to
 * printable ASCII without quotes or path characters (accents dropped, others a space) for old clients; the
 * RFC 5987 `filename*` carries the title as it is, in UTF-8.
 */
export function reportFileName(title: string, date: string, format: string): string {
  const name = reportFileBase(title, date);
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/[%;]/g, '_');
  return `attachment; filename="${ascii}.${format}"; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

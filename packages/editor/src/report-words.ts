/**
 * The words and dates every output of a verslag uses (Word, PDF, HTML, the print view's body). The verslag is a
 * Dutch document whatever language the reader's interface speaks, so these are not interface messages: they are
 * the house style's fixed words, kept in one place so that every output says the same thing.
 */

export const REPORT = 'Verslag';
export const CONCEPT = 'Concept';
export const FINAL = 'Definitief';
export const NETWORK = 'Netwerk';
export const DATE = 'Datum';
export const VENUE = 'Locatie';
export const HOST_CITY = 'Gastgemeente';
export const STATUS = 'Status';
export const VERSION = 'Versie';
export const THEME = 'Thema';
export const THEMES = "Thema's";
export const ATTENDANCE = 'Presentielijst';
export const ORGANISATIONS = 'Organisaties';
export const NAMES = 'Deelnemers';
export const STATEMENTS = 'Stellingen';
export const STATEMENT = 'Stelling';
export const AGREE = 'Eens';
export const NEUTRAL = 'Neutraal';
export const DISAGREE = 'Oneens';
/** The stellingen per organisation (city): members and guests together, small groups not apart. */
export const CITIES = 'Stemmen per organisatie';
export const ORGANISATION = 'Organisatie';
export const OTHER_ORGANISATIONS = 'Overige organisaties';
/** Below the table per organisation: why a city may be missing. */
export const citiesNote = (min: number) =>
  `Leden en gasten samen. Een organisatie met minder dan ${min} stemmers staat niet apart vermeld, zodat niemands stem te herleiden is.`;
/** The table of afspraken after the text: a verslag's own text often has an "Afspraken" section of its own. */
export const ACTION_LIST = 'Actielijst';
export const WHAT = 'Wat';
export const WHO = 'Wie';
export const WHEN = 'Wanneer';
export const OPEN = 'Open';
export const DONE = 'Afgerond';
export const NO_ATTENDANCE = 'Geen aanmeldingen of stemmen vastgelegd.';
export const PAGE = 'Pagina';
export const OF = 'van';
/** A comment's author whose account has been removed. */
export const FORMER_MEMBER = 'Oud-lid';
/** Above a comment in Word: the words it was made on. */
export const ON_WORDS = 'Bij:';

const MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
] as const;

/** An afspraak's status as a reader reads it. */
export function afspraakStatusWord(status: 'open' | 'done'): string {
  return status === 'done' ? DONE : OPEN;
}

/** "Pagina 3 van 7". */
export function pageOf(page: number | string, pages: number | string): string {
  return `${PAGE} ${page} ${OF} ${pages}`;
}

/** The title of a verslag: "Verslag Netwerkdag Utrecht". */
export function reportTitle(meetingTitle: string): string {
  return `${REPORT} ${meetingTitle}`;
}

interface DayParts {
  day: number;
  month: number;
  year: number;
}

/** The parts of an ISO date (yyyy-mm-dd, a longer ISO timestamp is cut to its date), or null when it is none. */
function parts(iso: string): DayParts | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { day, month, year };
}

/** A Dutch long date: "12 maart 2026". Text that is no ISO date is returned as it is. */
export function formatDutchDate(iso: string): string {
  const date = parts(iso);
  return date === null ? iso : `${date.day} ${MONTHS[date.month - 1]} ${date.year}`;
}

/** A moment (epoch milliseconds) as a Dutch long date, in the Netherlands' time zone. */
export function formatDutchMoment(at: number): string {
  // en-CA writes yyyy-mm-dd; the zone makes a finalisation just after midnight fall on the right day.
  return formatDutchDate(new Date(at).toLocaleDateString('en-CA', { timeZone: 'Europe/Amsterdam' }));
}

/**
 * A meeting's days in Dutch, shared parts said once: "12 maart 2026", "12 en 13 maart 2026",
 * "30 juni en 1 juli 2026", "12, 13 en 14 maart 2026", "31 december 2025 en 1 januari 2026".
 */
export function formatDutchDates(isos: readonly string[]): string {
  const days = isos.map((iso) => ({ iso, date: parts(iso) }));
  if (days.length === 0) return '';
  if (days.some((day) => day.date === null)) return joinDutch(days.map((day) => formatDutchDate(day.iso)));
  const dates = days.map((day) => day.date as DayParts);
  const last = dates[dates.length - 1] as DayParts;
  const sameYear = dates.every((date) => date.year === last.year);
  const sameMonth = sameYear && dates.every((date) => date.month === last.month);
  const words = dates.map((date, i) => {
    if (i === dates.length - 1) return `${date.day} ${MONTHS[date.month - 1]} ${date.year}`;
    if (sameMonth) return String(date.day);
    if (sameYear) return `${date.day} ${MONTHS[date.month - 1]}`;
    return `${date.day} ${MONTHS[date.month - 1]} ${date.year}`;
  });
  return joinDutch(words);
}

/** "a", "a en b", "a, b en c". */
export function joinDutch(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} en ${words[words.length - 1]}`;
}

/**
 * The status line of a verslag: "Concept", or "Definitief, vastgesteld door Sanne de Vries op 12 maart 2026
 * (versie ‘Definitief’)" — who is left out when it is not known (a removed account).
 */
export function statusLine(
  status: { final: false } | { final: true; by: string | null; at: number; version: string },
): string {
  if (!status.final) return CONCEPT;
  const by = status.by ? ` door ${status.by}` : '';
  const version = status.version ? ` (${VERSION.toLowerCase()} ‘${status.version}’)` : '';
  return `${FINAL}, vastgesteld${by} op ${formatDutchMoment(status.at)}${version}`;
}

import type { AfspraakStatus } from './afspraak.ts';
import type { DocumentKind } from './document-kinds.ts';
import type { MeetingStatus } from './meeting.ts';
import type { ProgrammeItemKind } from './programme.ts';
import type { Role } from './roles.ts';

/** One concept's words: the Dutch the interface shows first, the English second. Lower case, as in running text. */
export interface Words {
  nl: string;
  en: string;
}

/**
 * The product's words: the Dutch term people see and the English identifier the code uses.
 * One word per concept everywhere — code, database, API, tests, interface (see DESIGN.md). The interface's
 * messages (apps/web/src/lib/i18n) use these words; a test there holds them to it.
 */
export const glossary = {
  network: { nl: 'netwerk', en: 'network', meaning: 'a group of organisations that meets; has members with roles' },
  meeting: { nl: 'netwerkdag', en: 'network day', meaning: 'one event, one or more days, in a host city or online' },
  theme: { nl: 'thema', en: 'theme', meaning: 'what a netwerkdag is about; proposed and chosen by the klankbordgroep' },
  programme: { nl: 'programma', en: 'programme', meaning: 'the ordered agenda items of a meeting' },
  programmeItem: { nl: 'onderdeel', en: 'item', meaning: 'one entry of the programme: time, kind, title, speakers' },
  session: { nl: 'deelsessie', en: 'breakout session', meaning: 'a parallel breakout of a programme item' },
  dilemmaTable: { nl: 'dilemmatafel', en: 'dilemma table', meaning: 'a deelsessie that rotates every N minutes' },
  facilitator: { nl: 'gespreksleider', en: 'facilitator', meaning: 'who leads a deelsessie' },
  rapporteur: { nl: 'rapporteur', en: 'rapporteur', meaning: 'who writes down what a deelsessie said' },
  room: { nl: 'zaal', en: 'room', meaning: 'where a deelsessie takes place' },
  statement: { nl: 'stelling', en: 'statement', meaning: 'a proposition participants take a position on' },
  example: { nl: 'goed voorbeeld', en: 'good practice', meaning: 'a best practice of a city' },
  report: { nl: 'verslag', en: 'report', meaning: "the meeting's notes, finalised by the secretariat" },
  action: { nl: 'afspraak', en: 'action', meaning: 'an agreed follow-up with an owner and a status' },
  hostCity: { nl: 'gastgemeente', en: 'host city', meaning: 'the city that hosts a meeting' },
  discussion: { nl: 'discussie', en: 'discussion', meaning: 'the messages beside a theme, statement or deelsessie' },
  auditLog: { nl: 'logboek', en: 'audit log', meaning: 'what was done in a network, by whom, for the secretariat' },
} as const satisfies Record<string, Words & { meaning: string }>;

export type GlossaryTerm = keyof typeof glossary;

/** A member's role in a network. */
export const roleWords: Record<Role, Words> = {
  secretariaat: { nl: 'secretariaat', en: 'secretariat' },
  klankbordgroep: { nl: 'klankbordgroep', en: 'sounding board' },
  deelnemer: { nl: 'deelnemer', en: 'participant' },
  gast: { nl: 'gast', en: 'guest' },
};

/** Where a netwerkdag stands. */
export const meetingStatusWords: Record<MeetingStatus, Words> = {
  preparation: { nl: 'voorbereiding', en: 'preparation' },
  published: { nl: 'programma gepubliceerd', en: 'programme published' },
  live: { nl: 'live', en: 'live' },
  reporting: { nl: 'verslaglegging', en: 'reporting' },
  closed: { nl: 'afgerond', en: 'closed' },
};

/** What kind of programme item something is. */
export const programmeItemKindWords: Record<ProgrammeItemKind, Words> = {
  opening: { nl: 'opening', en: 'opening' },
  talk: { nl: 'presentatie', en: 'talk' },
  discussion: { nl: 'discussie', en: 'discussion' },
  deelsessies: { nl: 'deelsessies', en: 'breakout sessions' },
  break: { nl: 'pauze', en: 'break' },
  social: { nl: 'netwerken', en: 'networking' },
  closing: { nl: 'afsluiting', en: 'closing' },
};

/** Where an afspraak stands. */
export const afspraakStatusWords: Record<AfspraakStatus, Words> = {
  open: { nl: 'open', en: 'open' },
  done: { nl: 'gedaan', en: 'done' },
};

/** The collaborative documents, named for what they are. */
export const documentKindWords: Record<DocumentKind, Words> = {
  programme: glossary.programme,
  'session-notes': { nl: 'aantekeningen', en: 'notes' },
  report: glossary.report,
  example: glossary.example,
  notes: { nl: 'notities', en: 'notes' },
};

/** The word as a label: its first letter in capitals ("programma gepubliceerd" → "Programma gepubliceerd"). */
export function asLabel(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Klankbord addresses people with "u" (the Rijksoverheid's writing guidance). Finds the informal forms
 * (je, jij, jou, jouw, jezelf, jullie) in a Dutch text, so that tests can hold every text to it.
 */
export function informalAddress(text: string): string[] {
  return [...text.matchAll(/(?<![\p{L}\p{N}])(je|jij|jou|jouw|jezelf|jullie)(?![\p{L}\p{N}])/giu)].map((m) => m[0]);
}

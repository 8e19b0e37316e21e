import type { RichTextDocument } from './document.ts';

/**
 * A verslag as every output lays it out: the house style's one definition of what a report holds and in which
 * order (cover, themes, presentielijst, body, stellingen, afspraken). The server fills it from the stored
 * document and the meeting's facts; Word, PDF, HTML and the print view render it, each as well as it can.
 */
export interface ReportLayout {
  /** The network's name: in the cover block and in every page's header or footer. */
  network: string;
  /** The meeting's title. */
  title: string;
  /** The meeting's days, as ISO dates (yyyy-mm-dd), in order. */
  dates: string[];
  venue: string | null;
  hostCity: string | null;
  /** Concept while it is open; definitief once finalised, with who finalised it, when, and the version's name. */
  status: ReportStatus;
  /** The chosen theme(s) of the meeting. */
  themes: string[];
  /** Who took part: organisations always; names only where the secretariaat wants them (null: not shown). */
  attendance: { organisations: string[]; names: string[] | null };
  /** The verslag's text, as the editor stores it. */
  body: RichTextDocument;
  /** The stellingen put to the room and how the members voted; none when the text holds them already (scaffolded). */
  statements: ReportStatement[];
  /** The afspraken marked in the verslag. */
  afspraken: ReportAfspraak[];
  /** The Word file's author property: the secretariaat's organisation. */
  author: string | null;
  /**
   * The images of the verslag's own bestanden that its text shows, by the `src` the text holds
   * (`/api/attachments/<id>`): embedded in every output. Any other image stays its alt text, linked.
   */
  images: ReadonlyMap<string, ReportImage>;
  /** The verslag's comments, for a review round in Word; null when they were not asked for. */
  comments: ReportComment[] | null;
}

/** An image embedded in the outputs: PNG or JPEG, with its size in pixels read from its header. */
export interface ReportImage {
  type: 'png' | 'jpg';
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** A comment on the verslag as a review round in Word shows it: on the words it was made on, with its replies. */
export interface ReportComment {
  quote: string;
  author: string | null;
  at: number;
  body: string;
  resolved: boolean;
  replies: { author: string | null; at: number; body: string }[];
}

export type ReportStatus = { final: false } | { final: true; by: string | null; at: number; version: string };

export interface ReportStatement {
  text: string;
  votes: { agree: number; neutral: number; disagree: number };
  /** The vote per organisation, members and guests together, small groups already suppressed by the server. */
  cities?: ReportCities;
}

/** Per organisation: the groups large enough to show, the rest together, and the minimum that was applied. */
export interface ReportCities {
  groups: { organisation: string; votes: ReportStatement['votes'] }[];
  other: ReportStatement['votes'] | null;
  minVoters: number;
}

export interface ReportAfspraak {
  description: string;
  /** A member's or an organisation's name. */
  owner: string | null;
  /** ISO date (yyyy-mm-dd). */
  dueDate: string | null;
  status: 'open' | 'done';
}

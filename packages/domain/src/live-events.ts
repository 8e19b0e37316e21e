/**
 * The live events: what the server pushes to the streams of a network's members (and, for a person's own
 * events, to every stream of that person) so that what one member changes shows for the others without a
 * reload. This is the one definition; the server publishes `LiveEventOf<K>` and the web app listens by these
 * names. The database stays the truth: an event says what changed, and a page that missed one loads again.
 */
import type { Anchor } from './anchor.ts';
import type { MeetingStatus } from './meeting.ts';
import type { SuggestionStatus } from './report-suggestion.ts';
import type { Tally } from './statement.ts';
import type { CityTally } from './statement-cities.ts';

/** A person as an event names them. */
export interface LivePerson {
  id: number;
  name: string;
}

/** A discussion message as the server returns it. */
export interface LiveMessage {
  id: number;
  threadId: number;
  authorId: number | null;
  authorName: string | null;
  /** Null for a deleted message: a tombstone that keeps its place in the thread. */
  body: string | null;
  mentions: number[];
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
  deletedBy: number | null;
}

/** What the stream says about a discussion message. */
export interface DiscussionEvent {
  /** Absent for a network's own subjects, such as a goed voorbeeld. */
  meetingId?: number;
  threadId: number;
  /** The subject as `kind:id`, e.g. `meeting:3`. */
  subject: string;
  message: LiveMessage;
}

/** A comment on a verslag as the server returns it. */
export interface LiveComment {
  id: number;
  anchor: Anchor;
  quote: string;
  /** The text of its thread's first message; null once that message is deleted. */
  body: string | null;
  author: LivePerson | null;
  createdAt: number;
  resolved: { at: number; by: LivePerson | null } | null;
  threadId: number | null;
  replies: number;
}

/** A suggestion on a verslag as the server returns it. */
export interface LiveSuggestion {
  id: number;
  anchor: Anchor;
  quote: string;
  replacement: string;
  status: SuggestionStatus;
  author: LivePerson | null;
  createdAt: number;
  decided: { at: number; by: LivePerson | null } | null;
}

/** Every live event by its name (the SSE event name), with what it carries. */
export interface LiveEvents {
  /**
   * tally: members' positions; guestTally: those of guests who voted through the day code, counted apart;
   * cities: members and guests per organisation, small groups suppressed (statement-cities.ts).
   */
  'statement.tally': { meetingId: number; statementId: number; tally: Tally; guestTally: Tally; cities: CityTally };
  /** Voting opened or closed (by the secretariat, or by itself at its closing time); votingClosesAt: when it will. */
  'statement.voting': { meetingId: number; statementId: number; votingOpen: boolean; votingClosesAt: number | null };
  'meeting.status': { meetingId: number; status: MeetingStatus };
  'message.created': DiscussionEvent;
  'message.edited': DiscussionEvent;
  'message.deleted': DiscussionEvent;
  'comment.created': { meetingId: number; comment: LiveComment };
  'comment.resolved': { meetingId: number; comment: LiveComment };
  'comment.reopened': { meetingId: number; comment: LiveComment };
  'suggestion.created': { meetingId: number; suggestion: LiveSuggestion };
  'suggestion.decided': { meetingId: number; suggestion: LiveSuggestion };
  /** An afspraak was made or changed; pages showing afspraken load them again. */
  'afspraak.changed': { meetingId: number; afspraakId: number };
  /**
   * A theme was proposed, edited, removed or chosen, or someone's support moved. Pages load the themes again:
   * whom the viewer supports is theirs alone, so the event carries no list.
   */
  'theme.changed': { meetingId: number };
  /** The secretariat changed the theme timeline's topics (null: several, as in a merge); timelines load again. */
  'topic.changed': { topicId: number | null };
  /** Someone picked (or dropped) a deelsessie: how many have picked each session of the meeting now. */
  'session.choices': { meetingId: number; participants: Record<string, number> };
  /** Someone marked "dit hielp ons ook" on a voorbeeld, or took it back: its count now. */
  'example.marks': { exampleId: number; marks: number };
  /** A file was added to or removed from a target (`example:12`, `meeting:3`, `report:3`). */
  'attachment.changed': { target: string; attachmentId: number };
  /** Per person, across networks: a notification arrived for them; how many they have unread now. */
  'notification.created': { unread: number };
}

export type LiveEventName = keyof LiveEvents;

/** An event as the server sends it: its payload with its name as `type` (the SSE data is this, as JSON). */
export type LiveEventOf<K extends LiveEventName> = { type: K } & LiveEvents[K];

/** Any one live event. */
export type AnyLiveEvent = { [K in LiveEventName]: LiveEventOf<K> }[LiveEventName];

// A record rather than a list, so that the compiler refuses a name left out.
const names: Record<LiveEventName, true> = {
  'statement.tally': true,
  'statement.voting': true,
  'meeting.status': true,
  'message.created': true,
  'message.edited': true,
  'message.deleted': true,
  'comment.created': true,
  'comment.resolved': true,
  'comment.reopened': true,
  'suggestion.created': true,
  'suggestion.decided': true,
  'afspraak.changed': true,
  'theme.changed': true,
  'topic.changed': true,
  'session.choices': true,
  'example.marks': true,
  'attachment.changed': true,
  'notification.created': true,
};

/** Every live event name, for a client that listens to them all. */
export const liveEventNames = Object.keys(names) as LiveEventName[];

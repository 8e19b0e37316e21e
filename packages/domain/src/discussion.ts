import { z } from 'zod';
import type { MeetingStatus } from './meeting.ts';
import { type Action, can, canInMeeting, type MeetingAction, type Role } from './roles.ts';

/**
 * Discussions: a thread of messages beside a meeting, a theme, a statement, a session, a comment on the verslag
 * or a goed voorbeeld. Messages are plain text; the only markup a client may make of them is a link for an
 * http(s) URL (see `findLinks`).
 */
export const subjectKinds = ['meeting', 'theme', 'statement', 'session', 'comment', 'example'] as const;
export type SubjectKind = (typeof subjectKinds)[number];

type Need = 'view' | 'post' | 'moderate';

/**
 * Who may read, post and moderate in a subject's thread. A meeting's subjects follow the meeting matrix (a
 * comment's thread follows the verslag it is on); a goed voorbeeld belongs to the network, not to a meeting.
 */
const subjectRules: Record<
  SubjectKind,
  { scope: 'meeting'; needs: Record<Need, MeetingAction> } | { scope: 'network'; needs: Record<Need, Action> }
> = {
  meeting: {
    scope: 'meeting',
    needs: { view: 'meeting.view', post: 'discussion.post', moderate: 'discussion.moderate' },
  },
  theme: {
    scope: 'meeting',
    needs: { view: 'meeting.view', post: 'discussion.post', moderate: 'discussion.moderate' },
  },
  statement: {
    scope: 'meeting',
    needs: { view: 'meeting.view', post: 'discussion.post', moderate: 'discussion.moderate' },
  },
  session: {
    scope: 'meeting',
    needs: { view: 'meeting.view', post: 'discussion.post', moderate: 'discussion.moderate' },
  },
  comment: {
    scope: 'meeting',
    needs: { view: 'report.view', post: 'report.comment', moderate: 'discussion.moderate' },
  },
  example: { scope: 'network', needs: { view: 'network.view', post: 'example.mark', moderate: 'discussion.moderate' } },
};

/** True when a subject's threads belong to a meeting (and so follow its status). */
export function isMeetingSubject(kind: SubjectKind): boolean {
  return subjectRules[kind].scope === 'meeting';
}

/**
 * True when a member with this role may read, post or moderate in a thread of this kind of subject; a meeting's
 * subject needs the meeting's status (null for a network's subject).
 */
export function canInSubject(
  role: Role | null | undefined,
  kind: SubjectKind,
  need: Need,
  meetingStatus: MeetingStatus | null,
): boolean {
  const rule = subjectRules[kind];
  if (rule.scope === 'network') return can(role, rule.needs[need]);
  return meetingStatus !== null && canInMeeting(role, rule.needs[need], meetingStatus);
}

/** What a thread is beside: `{ kind: 'theme', id: '7' }`, written `theme:7` in URLs. */
export interface Subject {
  kind: SubjectKind;
  id: string;
}

export const MESSAGE_MAX_LENGTH = 4000;
export const MESSAGE_MAX_MENTIONS = 20;

// Ids of subjects: a row's id as text, or a session's id from the programme document (letters, digits, `._-`);
// never a colon, so that `kind:id` parses one way.
const SUBJECT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Parses `kind:id` (the `subject` query parameter); undefined when it is not one. */
export function parseSubject(value: string): Subject | undefined {
  const separator = value.indexOf(':');
  if (separator < 0) return undefined;
  const kind = value.slice(0, separator);
  const id = value.slice(separator + 1);
  if (!(subjectKinds as readonly string[]).includes(kind) || !SUBJECT_ID.test(id)) return undefined;
  return { kind: kind as SubjectKind, id };
}

/** Writes a subject as `kind:id`. */
export function formatSubject(subject: Subject): string {
  return `${subject.kind}:${subject.id}`;
}

// Control characters other than tab and newline have no place in a message and can hide text from a reader.
const FORBIDDEN_CONTROL = /[\p{Cc}]/u;
const ALLOWED_CONTROL = /[\t\n]/g;

/** A message's text: CRLF becomes LF, trimmed, 1 to 4,000 characters, no control characters but tab and newline. */
export const messageBody = z
  .string('body.required')
  .transform((body) => body.replace(/\r\n?/g, '\n').trim())
  .pipe(
    z
      .string()
      .min(1, 'body.required')
      .max(MESSAGE_MAX_LENGTH, 'body.tooLong')
      .refine((body) => !FORBIDDEN_CONTROL.test(body.replace(ALLOWED_CONTROL, '')), 'body.invalid'),
  );

/** POST /api/threads/:id/messages and PATCH /api/messages/:id. Mentions are user ids, each once. */
export const messageInput = z.object({
  body: messageBody,
  mentions: z
    .array(z.number('mentions.invalid').int('mentions.invalid').positive('mentions.invalid'), 'mentions.invalid')
    .max(MESSAGE_MAX_MENTIONS, 'mentions.tooMany')
    .default([])
    .transform((ids) => [...new Set(ids)]),
});
export type MessageInput = z.infer<typeof messageInput>;

/** POST /api/threads/:id/read. */
export const readMarkerInput = z.object({
  lastReadMessageId: z.number().int().positive('message.invalid'),
});

/** An http(s) URL found in a message: the characters as written, where they are, and the address to link to. */
export interface MessageLink {
  text: string;
  href: string;
  start: number;
  end: number;
}

// A candidate starts with http:// or https:// not glued to a preceding letter or digit, and runs until
// whitespace or a character that never belongs to a URL written in prose (quotes, angle brackets).
const URL_CANDIDATE = /(?<![\p{L}\p{N}])https?:\/\/[^\s<>"'`\p{Cc}]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?*]+$/;

/** Drops what prose puts after a URL: punctuation, and closing brackets that have no opening one inside it. */
function trimTrailing(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING_PUNCTUATION, '');
    const last = url.at(-1);
    const open = { ')': '(', ']': '[', '}': '{' }[last ?? ''];
    if (open && url.split(open).length <= url.split(last!).length - 1) url = url.slice(0, -1);
    if (url === before) return url;
  }
}

/**
 * The http(s) URLs in a message, in order. The web app renders a message as text and turns only these
 * ranges into links; anything else (HTML, `javascript:` URLs) stays text.
 */
export function findLinks(text: string): MessageLink[] {
  const links: MessageLink[] = [];
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const written = trimTrailing(match[0]);
    let url: URL;
    try {
      url = new URL(written);
    } catch {
      continue;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) continue;
    links.push({ text: written, href: url.href, start: match.index, end: match.index + written.length });
  }
  return links;
}

/** A message cut into text and links, in order, for rendering without HTML. */
export type MessageSegment = { text: string } | { text: string; href: string };

/** Splits a message into plain-text segments and link segments (from `findLinks`). */
export function messageSegments(text: string): MessageSegment[] {
  const segments: MessageSegment[] = [];
  let at = 0;
  for (const link of findLinks(text)) {
    if (link.start > at) segments.push({ text: text.slice(at, link.start) });
    segments.push({ text: link.text, href: link.href });
    at = link.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}

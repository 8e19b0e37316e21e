import * as Y from 'yjs';
import { z } from 'zod';
import { byOrderKey, keyBetween } from './order-key.ts';

/**
 * The programme of a netwerkdag as a Yjs document — the one place that says what the document looks like:
 *
 *   Y.Map 'programme'        startTime: 'HH:MM' (when the day starts)
 *   Y.Map 'programmeItems'   item id → Y.Map {
 *       order: order key, kind, title, durationMinutes, fixedStart?: 'HH:MM',
 *       speakers: Y.Array<Y.Map {name, role, organisation}>,
 *       description: Y.XmlFragment (Tiptap's Collaboration extension binds to it),
 *       rotationMinutes: number | null, sessions: Y.Map session id → Y.Map {order, topic, facilitator, rapporteur, room}
 *   }
 *
 * The items map is a root type, not a child of 'programme': two clients that each create a nested map on an
 * empty document at once would overwrite one another's (with every item in it), while root types merge.
 * For the same reason every item gets its `sessions` map when it is created, whatever its kind: a kind changed
 * to deelsessies by two people at once must not leave two competing maps. Items are ordered by their `order`
 * key, never by position in an array, so a move changes one field and a concurrent edit of the item survives.
 */

/** The kinds of programme item, in the order the web app offers them. */
export const programmeItemKinds = [
  'opening',
  'talk',
  'discussion',
  'deelsessies',
  'break',
  'social',
  'closing',
] as const;
export type ProgrammeItemKind = (typeof programmeItemKinds)[number];

export const PROGRAMME_TITLE_MAX_LENGTH = 200;
export const PROGRAMME_MAX_DURATION_MINUTES = 720;
export const PROGRAMME_MAX_SPEAKERS = 20;
export const SPEAKER_NAME_MAX_LENGTH = 120;
export const SPEAKER_FIELD_MAX_LENGTH = 200;
export const SESSION_FIELD_MAX_LENGTH = 200;
export const DEFAULT_START_TIME = '09:30';

const MINUTES_PER_DAY = 24 * 60;

/** A time of day, HH:MM on the 24-hour clock. */
export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time.invalid');

/** One speaker of a programme item. */
export const speakerInput = z.object({
  name: z.string().trim().min(1, 'speaker.name.required').max(SPEAKER_NAME_MAX_LENGTH, 'speaker.name.tooLong'),
  role: z.string().trim().max(SPEAKER_FIELD_MAX_LENGTH, 'speaker.role.tooLong').default(''),
  organisation: z.string().trim().max(SPEAKER_FIELD_MAX_LENGTH, 'speaker.organisation.tooLong').default(''),
});
export type Speaker = z.infer<typeof speakerInput>;

const minutes = (key: string) =>
  z.number().int(`${key}.invalid`).min(1, `${key}.invalid`).max(PROGRAMME_MAX_DURATION_MINUTES, `${key}.invalid`);

/** The fields of a programme item that are plain values (the description is rich text, edited in Tiptap). */
export const programmeItemInput = z.object({
  kind: z.enum(programmeItemKinds, 'kind.invalid'),
  title: z.string().trim().max(PROGRAMME_TITLE_MAX_LENGTH, 'title.tooLong'),
  durationMinutes: minutes('duration'),
  fixedStart: timeOfDay.nullable().default(null),
  speakers: z.array(speakerInput).max(PROGRAMME_MAX_SPEAKERS, 'speakers.tooMany').default([]),
  /** Dilemmatafels: people move to the next table every N minutes; null when sessions do not rotate. */
  rotationMinutes: minutes('rotation').nullable().default(null),
});
export type ProgrammeItemInput = z.input<typeof programmeItemInput>;

/** A change to some of an item's fields. */
export const programmeItemPatch = z.object({
  kind: programmeItemInput.shape.kind.optional(),
  title: programmeItemInput.shape.title.optional(),
  durationMinutes: programmeItemInput.shape.durationMinutes.optional(),
  fixedStart: timeOfDay.nullable().optional(),
  speakers: z.array(speakerInput).max(PROGRAMME_MAX_SPEAKERS, 'speakers.tooMany').optional(),
  rotationMinutes: minutes('rotation').nullable().optional(),
});
export type ProgrammeItemPatch = z.input<typeof programmeItemPatch>;

const sessionField = (key: string) => z.string().trim().max(SESSION_FIELD_MAX_LENGTH, `${key}.tooLong`);

/** A deelsessie or dilemmatafel of a programme item of kind deelsessies. */
export const sessionInput = z.object({
  topic: sessionField('topic').default(''),
  facilitator: sessionField('facilitator').default(''),
  rapporteur: sessionField('rapporteur').default(''),
  room: sessionField('room').default(''),
});
export type SessionInput = z.input<typeof sessionInput>;
/** A change to some of a session's fields (no defaults: a field left out stays as it is). */
export const sessionPatch = z.object({
  topic: sessionField('topic').optional(),
  facilitator: sessionField('facilitator').optional(),
  rapporteur: sessionField('rapporteur').optional(),
  room: sessionField('room').optional(),
});
export type SessionPatch = z.input<typeof sessionPatch>;

/** PUT /api/meetings/:id/session-choice: the session a member picks, or null to pick none. */
export const sessionChoiceInput = z.object({
  sessionId: z
    .string('session.invalid')
    .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'session.invalid')
    .nullable(),
});

/** A session as readers see it. */
export interface ProgrammeSession {
  id: string;
  order: string;
  topic: string;
  facilitator: string;
  rapporteur: string;
  room: string;
}

/** A programme item as readers see it, with its times worked out. */
export interface ProgrammeItem {
  id: string;
  order: string;
  kind: ProgrammeItemKind;
  title: string;
  durationMinutes: number;
  fixedStart: string | null;
  /** When the item starts: when the previous one ends, or at its fixed start if that is later. */
  start: string;
  end: string;
  /** The item before it runs past this item's fixed start. */
  overlaps: boolean;
  speakers: Speaker[];
  /** The description as plain text, for lists and search. */
  descriptionText: string;
  rotationMinutes: number | null;
  /** Only for kind deelsessies; empty otherwise. */
  sessions: ProgrammeSession[];
}

/** The whole programme as readers see it. */
export interface Programme {
  startTime: string;
  items: ProgrammeItem[];
}

type ItemMap = Y.Map<unknown>;

/** The root map with the programme's own fields (startTime). */
export function programmeRoot(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('programme');
}

/** The root map of items, keyed by item id. */
export function programmeItems(doc: Y.Doc): Y.Map<ItemMap> {
  return doc.getMap('programmeItems');
}

/** A session's shared notes: the fragment Tiptap's Collaboration extension binds to (field 'notes'). */
export function sessionNotesFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment('notes');
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomChars(alphabet: string, length: number): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}

/** A random id for an item or a session; lower case, so it fits in a document name. */
export function newProgrammeId(): string {
  return randomChars(ID_ALPHABET, 16);
}

/**
 * An order key between two neighbours, with a random tail. The tail keeps two clients that insert at the same
 * place at once from choosing the same key; it cannot cross a neighbour, because keyBetween's key already
 * differs from `after` at a digit below `after`'s.
 */
function orderKeyBetween(before: string | null, after: string | null): string {
  return keyBetween(before, after) + randomChars('123456789abcdefghijklmnopqrstuvwxyz', 3);
}

/** A key for a place right after sorted[index] (index -1: the start), among sorted siblings. */
function keyAfter(sorted: readonly { order: string }[], index: number): string {
  const before = index >= 0 ? (sorted[index]?.order ?? null) : null;
  // Equal keys can only come from a hand-made document; then skip to the first key past them.
  const after = sorted.slice(index + 1).find((entry) => before === null || entry.order > before)?.order ?? null;
  return orderKeyBetween(before, after);
}

interface Ordered {
  id: string;
  order: string;
}

function sortedEntries(map: Y.Map<ItemMap>, except?: string): Ordered[] {
  const entries: Ordered[] = [];
  map.forEach((value, id) => {
    if (id !== except && value instanceof Y.Map) entries.push({ id, order: stringField(value, 'order', 256) });
  });
  return entries.sort(byOrderKey);
}

/** Where a new or moved entry goes: before or after a sibling, or at the end when neither is given. */
export interface Placement {
  before?: string;
  after?: string;
}

function placeKey(map: Y.Map<ItemMap>, placement: Placement, except?: string): string {
  const sorted = sortedEntries(map, except);
  const anchor = placement.before ?? placement.after;
  const index = anchor === undefined ? -1 : sorted.findIndex((entry) => entry.id === anchor);
  if (anchor === undefined || index < 0) return keyAfter(sorted, sorted.length - 1);
  return keyAfter(sorted, placement.before !== undefined ? index - 1 : index);
}

// Readers never trust the document: anyone who may write it can put anything in it.
function stringField(map: Y.Map<unknown>, key: string, maxLength: number): string {
  const value = map.get(key);
  return typeof value === 'string' ? value.slice(0, maxLength) : '';
}

function minutesField(map: Y.Map<unknown>, key: string): number | null {
  const value = map.get(key);
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= PROGRAMME_MAX_DURATION_MINUTES
    ? value
    : null;
}

function timeField(map: Y.Map<unknown>, key: string): string | null {
  const value = map.get(key);
  return timeOfDay.safeParse(value).success ? (value as string) : null;
}

function toMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Formats minutes since midnight as HH:MM; a programme that runs past midnight wraps around. */
export function formatTimeOfDay(totalMinutes: number): string {
  const wrapped = ((totalMinutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const hours = Math.floor(wrapped / 60);
  return `${String(hours).padStart(2, '0')}:${String(wrapped % 60).padStart(2, '0')}`;
}

// Block-level children are separated by a line break; inline content (text, marks) runs on.
function xmlText(node: Y.XmlFragment | Y.XmlElement): string {
  const children = node.toArray();
  if (children.length > 0 && children.every((child) => child instanceof Y.XmlElement)) {
    return children.map((child) => xmlText(child as Y.XmlElement)).join('\n');
  }
  return children
    .map((child) => {
      if (child instanceof Y.XmlText) {
        return (child.toDelta() as { insert: unknown }[])
          .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
          .join('');
      }
      if (child instanceof Y.XmlElement) return child.nodeName === 'hardBreak' ? '\n' : xmlText(child);
      return '';
    })
    .join('');
}

/** The plain text of rich text in a Y.XmlFragment (a description, session notes): no markup, one line per block. */
export function richTextToPlain(fragment: Y.XmlFragment): string {
  return xmlText(fragment)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function readSpeakers(value: unknown): Speaker[] {
  if (!(value instanceof Y.Array)) return [];
  return value
    .toArray()
    .filter((speaker): speaker is Y.Map<unknown> => speaker instanceof Y.Map)
    .slice(0, PROGRAMME_MAX_SPEAKERS)
    .map((speaker) => ({
      name: stringField(speaker, 'name', SPEAKER_NAME_MAX_LENGTH),
      role: stringField(speaker, 'role', SPEAKER_FIELD_MAX_LENGTH),
      organisation: stringField(speaker, 'organisation', SPEAKER_FIELD_MAX_LENGTH),
    }));
}

function readSessions(value: unknown): ProgrammeSession[] {
  if (!(value instanceof Y.Map)) return [];
  const sessions: ProgrammeSession[] = [];
  (value as Y.Map<unknown>).forEach((session, id) => {
    if (!(session instanceof Y.Map)) return;
    const map = session as Y.Map<unknown>;
    sessions.push({
      id,
      order: stringField(map, 'order', 256),
      topic: stringField(map, 'topic', SESSION_FIELD_MAX_LENGTH),
      facilitator: stringField(map, 'facilitator', SESSION_FIELD_MAX_LENGTH),
      rapporteur: stringField(map, 'rapporteur', SESSION_FIELD_MAX_LENGTH),
      room: stringField(map, 'room', SESSION_FIELD_MAX_LENGTH),
    });
  });
  return sessions.sort(byOrderKey);
}

function isKind(value: unknown): value is ProgrammeItemKind {
  return typeof value === 'string' && (programmeItemKinds as readonly string[]).includes(value);
}

/**
 * Reads the programme as plain data: items in order, each starting when the previous one ends or at its
 * fixed start if that is later; an item whose fixed start the previous one runs past is flagged.
 */
export function readProgramme(doc: Y.Doc): Programme {
  const startTime = timeField(programmeRoot(doc), 'startTime') ?? DEFAULT_START_TIME;
  const map = programmeItems(doc);
  let clock = toMinutes(startTime);
  const items = sortedEntries(map).map(({ id, order }): ProgrammeItem => {
    const item = map.get(id) as ItemMap;
    const rawKind = item.get('kind');
    // An unknown kind (from a newer client, or a hand-made update) still shows; as a talk.
    const kind = isKind(rawKind) ? rawKind : 'talk';
    const durationMinutes = minutesField(item, 'durationMinutes') ?? 0;
    const fixedStart = timeField(item, 'fixedStart');
    const fixed = fixedStart === null ? null : toMinutes(fixedStart);
    const overlaps = fixed !== null && clock > fixed;
    const start = fixed !== null && fixed > clock ? fixed : clock;
    clock = start + durationMinutes;
    const description = item.get('description');
    return {
      id,
      order,
      kind,
      title: stringField(item, 'title', PROGRAMME_TITLE_MAX_LENGTH),
      durationMinutes,
      fixedStart,
      start: formatTimeOfDay(start),
      end: formatTimeOfDay(clock),
      overlaps,
      speakers: readSpeakers(item.get('speakers')),
      descriptionText: description instanceof Y.XmlFragment ? richTextToPlain(description) : '',
      rotationMinutes: minutesField(item, 'rotationMinutes'),
      sessions: kind === 'deelsessies' ? readSessions(item.get('sessions')) : [],
    };
  });
  return { startTime, items };
}

/** Sets when the day starts. */
export function setStartTime(doc: Y.Doc, time: string): void {
  programmeRoot(doc).set('startTime', timeOfDay.parse(time));
}

function speakerMap(speaker: Speaker): Y.Map<unknown> {
  return new Y.Map<unknown>(Object.entries(speaker));
}

/** Writes the speakers over the existing ones field by field, so a concurrent edit of one speaker's field survives. */
function writeSpeakers(array: Y.Array<Y.Map<unknown>>, speakers: Speaker[]): void {
  const existing = array.toArray();
  speakers.forEach((speaker, index) => {
    const map = existing[index];
    if (!(map instanceof Y.Map)) return;
    for (const [key, value] of Object.entries(speaker)) if (map.get(key) !== value) map.set(key, value);
  });
  if (existing.length > speakers.length) array.delete(speakers.length, existing.length - speakers.length);
  if (speakers.length > existing.length) array.push(speakers.slice(existing.length).map(speakerMap));
}

function itemMap(doc: Y.Doc, id: string): ItemMap {
  const item = programmeItems(doc).get(id);
  if (!(item instanceof Y.Map)) throw new Error(`no programme item ${id}`);
  return item;
}

/** Adds an item (at the end, or before/after another) and returns its id. */
export function addItem(doc: Y.Doc, fields: ProgrammeItemInput, placement: Placement = {}): string {
  const input = programmeItemInput.parse(fields);
  const map = programmeItems(doc);
  const id = newProgrammeId();
  doc.transact(() => {
    const item = new Y.Map<unknown>();
    item.set('order', placeKey(map, placement));
    item.set('kind', input.kind);
    item.set('title', input.title);
    item.set('durationMinutes', input.durationMinutes);
    if (input.fixedStart !== null) item.set('fixedStart', input.fixedStart);
    const speakers = new Y.Array<Y.Map<unknown>>();
    speakers.push(input.speakers.map(speakerMap));
    item.set('speakers', speakers);
    item.set('description', new Y.XmlFragment());
    item.set('rotationMinutes', input.rotationMinutes);
    item.set('sessions', new Y.Map());
    map.set(id, item);
  });
  return id;
}

/** Changes some fields of an item; fields not in the patch are left alone, so concurrent edits of others survive. */
export function updateItem(doc: Y.Doc, id: string, patch: ProgrammeItemPatch): void {
  const input = programmeItemPatch.parse(patch);
  const item = itemMap(doc, id);
  doc.transact(() => {
    for (const key of ['kind', 'title', 'durationMinutes', 'rotationMinutes'] as const) {
      const value = input[key];
      if (value !== undefined && item.get(key) !== value) item.set(key, value);
    }
    if (input.fixedStart === null) item.delete('fixedStart');
    else if (input.fixedStart !== undefined) item.set('fixedStart', input.fixedStart);
    if (input.speakers) {
      let speakers = item.get('speakers');
      if (!(speakers instanceof Y.Array)) {
        speakers = new Y.Array<Y.Map<unknown>>();
        item.set('speakers', speakers);
      }
      writeSpeakers(speakers as Y.Array<Y.Map<unknown>>, input.speakers);
    }
  });
}

/** Moves an item before or after another (to the end when neither is given); only its order key changes. */
export function moveItem(doc: Y.Doc, id: string, placement: Placement): void {
  const item = itemMap(doc, id);
  item.set('order', placeKey(programmeItems(doc), placement, id));
}

/** Removes an item with its speakers, description and sessions. */
export function removeItem(doc: Y.Doc, id: string): void {
  programmeItems(doc).delete(id);
}

function sessionsOf(doc: Y.Doc, itemId: string): Y.Map<ItemMap> {
  const item = itemMap(doc, itemId);
  const sessions = item.get('sessions');
  if (sessions instanceof Y.Map) return sessions as Y.Map<ItemMap>;
  // Only documents made before items carried a sessions map get here.
  const created = new Y.Map<ItemMap>();
  item.set('sessions', created);
  return created;
}

function sessionMap(doc: Y.Doc, itemId: string, sessionId: string): ItemMap {
  const session = sessionsOf(doc, itemId).get(sessionId);
  if (!(session instanceof Y.Map)) throw new Error(`no session ${sessionId} in programme item ${itemId}`);
  return session;
}

/** Adds a session to an item of kind deelsessies and returns its id (also the name of its notes document). */
export function addSession(doc: Y.Doc, itemId: string, fields: SessionInput, placement: Placement = {}): string {
  const input = sessionInput.parse(fields);
  const id = newProgrammeId();
  doc.transact(() => {
    const sessions = sessionsOf(doc, itemId);
    const session = new Y.Map<unknown>(Object.entries(input));
    session.set('order', placeKey(sessions, placement));
    sessions.set(id, session);
  });
  return id;
}

/** Changes some fields of a session. */
export function updateSession(doc: Y.Doc, itemId: string, sessionId: string, patch: SessionPatch): void {
  const input = sessionPatch.parse(patch);
  const session = sessionMap(doc, itemId, sessionId);
  doc.transact(() => {
    for (const [key, value] of Object.entries(input)) {
      if (value !== undefined && session.get(key) !== value) session.set(key, value);
    }
  });
}

/** Moves a session before or after another; only its order key changes. */
export function moveSession(doc: Y.Doc, itemId: string, sessionId: string, placement: Placement): void {
  const session = sessionMap(doc, itemId, sessionId);
  session.set('order', placeKey(sessionsOf(doc, itemId), placement, sessionId));
}

/** Removes a session. */
export function removeSession(doc: Y.Doc, itemId: string, sessionId: string): void {
  sessionsOf(doc, itemId).delete(sessionId);
}

/** The rich-text description of an item, for binding an editor to it. */
export function itemDescription(doc: Y.Doc, id: string): Y.XmlFragment {
  const description = itemMap(doc, id).get('description');
  if (!(description instanceof Y.XmlFragment)) throw new Error(`programme item ${id} has no description`);
  return description;
}

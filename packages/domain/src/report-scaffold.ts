import * as Y from 'yjs';
import type { Speaker } from './programme.ts';
import { reportFragment } from './report.ts';

/**
 * Scaffolding a verslag from the programme: a section per programme item (a heading, its speakers) and, for an
 * item with deelsessies, a sub-section per session holding a copy of its notes as starting text.
 *
 * Which items already have a section is kept in the root map 'reportScaffold' (item id → the id of the Yjs item
 * of the section's heading), not in node attributes: the editor's schema knows no such attribute and would drop
 * it on the next edit. Scaffolding again therefore adds sections only for items that have none yet — it never
 * touches text written since, and never brings back a section someone deleted on purpose.
 */

/** A deelsessie as the scaffold writes it: its notes are copies of blocks of the session notes document. */
export interface ScaffoldSession {
  topic: string;
  facilitator: string;
  rapporteur: string;
  notes: (Y.XmlElement | Y.XmlText)[];
}

/** A programme item as the scaffold writes it. */
export interface ScaffoldItem {
  itemId: string;
  title: string;
  start: string;
  end: string;
  speakers: readonly Speaker[];
  sessions: readonly ScaffoldSession[];
}

type HeadingRef = { client: number; clock: number };

function scaffoldIndex(doc: Y.Doc): Y.Map<HeadingRef> {
  return doc.getMap<HeadingRef>('reportScaffold');
}

/** The ids of the programme items that already have a generated section. */
export function scaffoldedItems(doc: Y.Doc): Set<string> {
  return new Set(scaffoldIndex(doc).keys());
}

/** Copies of the blocks of rich text (session notes), detached, to be inserted into another document. */
export function copyRichText(fragment: Y.XmlFragment): (Y.XmlElement | Y.XmlText)[] {
  return fragment
    .toArray()
    .filter((node) => node instanceof Y.XmlElement || node instanceof Y.XmlText)
    .map((node) => node.clone());
}

function block(name: string, text: string, attributes: Record<string, number> = {}): Y.XmlElement {
  const element = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value as never);
  if (text) element.insert(0, [new Y.XmlText(text)]);
  return element;
}

function speakerLine(speakers: readonly Speaker[]): string {
  const names = speakers.map((s) => {
    const about = [s.role, s.organisation].filter(Boolean).join(', ');
    return about ? `${s.name} (${about})` : s.name;
  });
  return `Sprekers: ${names.join('; ')}`;
}

function sectionBlocks(item: ScaffoldItem): (Y.XmlElement | Y.XmlText)[] {
  const blocks: (Y.XmlElement | Y.XmlText)[] = [
    block('heading', `${item.start}–${item.end} ${item.title}`, { level: 2 }),
  ];
  if (item.speakers.length > 0) blocks.push(block('paragraph', speakerLine(item.speakers)));
  for (const session of item.sessions) {
    blocks.push(block('heading', session.topic || 'Deelsessie', { level: 3 }));
    const roles = [
      session.facilitator && `Gespreksleider: ${session.facilitator}`,
      session.rapporteur && `Rapporteur: ${session.rapporteur}`,
    ].filter(Boolean);
    if (roles.length > 0) blocks.push(block('paragraph', roles.join(' · ')));
    blocks.push(...(session.notes.length > 0 ? session.notes : [block('paragraph', '')]));
  }
  if (item.sessions.length === 0) blocks.push(block('paragraph', ''));
  return blocks;
}

/** Where the heading of an item's section is now, or -1 when it was deleted. */
function headingIndex(content: Y.XmlFragment, ref: HeadingRef | undefined): number {
  if (!ref) return -1;
  let index = 0;
  for (const node of content.toArray()) {
    const id = (node as Y.XmlElement)._item?.id;
    if (id && id.client === ref.client && id.clock === ref.clock) return index;
    index++;
  }
  return -1;
}

/**
 * Adds a section for every item without one, in programme order: before the section of the next item that
 * has one, else at the end. Returns the ids of the items it added sections for. Call it in one transaction
 * (CollabServer.change does) so two scaffolds at once cannot both add the same item.
 */
export function scaffoldReport(doc: Y.Doc, items: readonly ScaffoldItem[]): string[] {
  const content = reportFragment(doc);
  const index = scaffoldIndex(doc);
  const added: string[] = [];
  items.forEach((item, position) => {
    if (index.has(item.itemId)) return;
    const next = items
      .slice(position + 1)
      .map((later) => headingIndex(content, index.get(later.itemId)))
      .find((at) => at >= 0);
    const at = next ?? content.length;
    const blocks = sectionBlocks(item);
    content.insert(at, blocks);
    const id = (blocks[0] as Y.XmlElement)._item?.id;
    if (id) index.set(item.itemId, { client: id.client, clock: id.clock });
    added.push(item.itemId);
  });
  return added;
}

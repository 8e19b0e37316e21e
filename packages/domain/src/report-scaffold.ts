import * as Y from 'yjs';
import { type ProgrammeItemKind, programmeItems, type Speaker } from './programme.ts';
import { reportFragment } from './report.ts';
import type { Tally } from './statement.ts';
import { CITY_TALLY_MIN_VOTERS, type CityTally } from './statement-cities.ts';

/**
 * Scaffolding a verslag from the day's substance: the chosen theme(s) at the top; a section per programme item
 * (a heading with its time and title, its speakers, its description) and, for an item with deelsessies, a
 * sub-section per session holding a copy of its notes; then the stellingen with how the members voted. Breaks
 * get no section, and no empty paragraph is written: a scaffold is a draft to write in, not a form to fill.
 *
 * Headings use the editor's levels (3 for an item, the themes and the stellingen; 4 for a deelsessie), so the
 * outline is programme item > deelsessie in every output.
 *
 * Which sections exist is kept in root maps (section key → the id of the Yjs item of the section's heading),
 * not in node attributes: the editor's schema knows no such attribute and would drop it on the next edit.
 * Programme items are keyed by their id in 'reportScaffold'; the themes and stellingen sections in
 * 'reportScaffoldParts', so that no programme item id, which any writer of the programme chooses, can stand
 * for them. Scaffolding again therefore adds only sections that were never added — it never touches text
 * written since, and never brings back a section someone deleted on purpose.
 */

/** A block of rich text as the editor stores it. */
export type RichTextBlock = Y.XmlElement | Y.XmlText;

/** A deelsessie as the scaffold writes it: its notes are copies of blocks of the session notes document. */
export interface ScaffoldSession {
  topic: string;
  facilitator: string;
  rapporteur: string;
  notes: RichTextBlock[];
}

/** A programme item as the scaffold writes it; its description is a copy of the item's rich text. */
export interface ScaffoldItem {
  itemId: string;
  kind: ProgrammeItemKind;
  title: string;
  start: string;
  end: string;
  speakers: readonly Speaker[];
  description: RichTextBlock[];
  sessions: readonly ScaffoldSession[];
}

/** A theme the meeting chose. */
export interface ScaffoldTheme {
  title: string;
  why: string;
}

/** A stelling put to the room, with how many members took each position. */
export interface ScaffoldStatement {
  text: string;
  tally: Tally;
  /** Members and guests per organisation, as suppressCityTally left it (never the raw groups). */
  cities?: CityTally;
}

/** What a scaffold writes, in the order the verslag holds it. */
export interface ScaffoldInput {
  themes: readonly ScaffoldTheme[];
  items: readonly ScaffoldItem[];
  statements: readonly ScaffoldStatement[];
}

/** The keys scaffoldReport reports for the sections that are not a programme item. */
export const SCAFFOLD_THEMES = 'themes';
export const SCAFFOLD_STATEMENTS = 'statements';

/** Kinds of programme item that get no section: nothing is said during a coffee break or lunch. */
const KINDS_WITHOUT_SECTION: ReadonlySet<ProgrammeItemKind> = new Set(['break']);

type HeadingRef = { client: number; clock: number };

function itemIndex(doc: Y.Doc): Y.Map<HeadingRef> {
  return doc.getMap<HeadingRef>('reportScaffold');
}

function partIndex(doc: Y.Doc): Y.Map<HeadingRef> {
  return doc.getMap<HeadingRef>('reportScaffoldParts');
}

/** The sections other than programme items (SCAFFOLD_THEMES, SCAFFOLD_STATEMENTS) the scaffold has written. */
export function scaffoldedParts(doc: Y.Doc): Set<string> {
  return new Set(partIndex(doc).keys());
}

/** The ids of the programme items that already have a generated section. */
export function scaffoldedItems(doc: Y.Doc): Set<string> {
  return new Set(itemIndex(doc).keys());
}

// Blocks that hold something without holding text.
const SUBSTANTIAL_WITHOUT_TEXT = new Set(['image', 'horizontalRule']);

/** Whether a block holds any text or an image: an empty paragraph, heading or list does not. */
function hasSubstance(node: Y.XmlElement | Y.XmlText): boolean {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert: unknown }[]).some(
      (op) => typeof op.insert === 'string' && op.insert.trim() !== '',
    );
  }
  if (SUBSTANTIAL_WITHOUT_TEXT.has(node.nodeName)) return true;
  return node
    .toArray()
    .some((child) => (child instanceof Y.XmlElement || child instanceof Y.XmlText) && hasSubstance(child));
}

/**
 * Copies of the blocks of rich text (session notes, a description), detached, to be inserted into another
 * document. Blocks without text (an empty paragraph, a heading someone cleared) are left out.
 */
export function copyRichText(fragment: Y.XmlFragment): RichTextBlock[] {
  return fragment
    .toArray()
    .filter((node) => (node instanceof Y.XmlElement || node instanceof Y.XmlText) && hasSubstance(node))
    .map((node) => (node as RichTextBlock).clone());
}

/** Copies of the blocks of a programme item's description; none when the programme no longer holds the item. */
export function copyItemDescription(programme: Y.Doc, itemId: string): RichTextBlock[] {
  const item = programmeItems(programme).get(itemId);
  const description = item instanceof Y.Map ? item.get('description') : undefined;
  return description instanceof Y.XmlFragment ? copyRichText(description) : [];
}

function text(words: string, bold = false): Y.XmlText {
  const node = new Y.XmlText();
  node.insert(0, words, bold ? { bold: {} } : {});
  return node;
}

function block(name: string, content: string | Y.XmlText, attributes: Record<string, number> = {}): Y.XmlElement {
  const element = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value as never);
  element.insert(0, [typeof content === 'string' ? text(content) : content]);
  return element;
}

const heading = (words: string, level: 3 | 4) => block('heading', words, { level });

function speakerLine(speakers: readonly Speaker[]): string {
  const names = speakers.map((s) => {
    const about = [s.role, s.organisation].filter(Boolean).join(', ');
    return about ? `${s.name} (${about})` : s.name;
  });
  return `Sprekers: ${names.join('; ')}`;
}

function themeBlocks(themes: readonly ScaffoldTheme[]): RichTextBlock[] {
  const blocks: RichTextBlock[] = [heading(themes.length === 1 ? 'Thema' : "Thema's", 3)];
  for (const theme of themes) {
    blocks.push(block('paragraph', text(theme.title, true)));
    if (theme.why.trim()) blocks.push(block('paragraph', theme.why.trim()));
  }
  return blocks;
}

function itemBlocks(item: ScaffoldItem): RichTextBlock[] {
  const title = [`${item.start}–${item.end}`, item.title.trim()].filter(Boolean).join(' ');
  const blocks: RichTextBlock[] = [heading(title, 3)];
  if (item.speakers.length > 0) blocks.push(block('paragraph', speakerLine(item.speakers)));
  blocks.push(...item.description);
  for (const session of item.sessions) {
    blocks.push(heading(session.topic.trim() || 'Deelsessie', 4));
    const roles = [
      session.facilitator && `Gespreksleider: ${session.facilitator}`,
      session.rapporteur && `Rapporteur: ${session.rapporteur}`,
    ].filter(Boolean);
    if (roles.length > 0) blocks.push(block('paragraph', roles.join(' · ')));
    blocks.push(...session.notes);
  }
  return blocks;
}

/** A count with its share of the votes cast, as "6 (50%)"; a stelling nobody voted on shows bare zeros. */
function countCell(count: number, total: number): string {
  return total > 0 ? `${count} (${Math.round((count / total) * 100)}%)` : String(count);
}

function tableRow(cells: readonly string[], cellName: 'tableHeader' | 'tableCell'): Y.XmlElement {
  const row = new Y.XmlElement('tableRow');
  row.insert(
    0,
    cells.map((words) => {
      const cell = new Y.XmlElement(cellName);
      cell.insert(0, [block('paragraph', words)]);
      return cell;
    }),
  );
  return row;
}

function statementBlocks(statements: readonly ScaffoldStatement[]): RichTextBlock[] {
  const table = new Y.XmlElement('table');
  table.insert(0, [
    tableRow(['Stelling', 'Eens', 'Neutraal', 'Oneens', 'Stemmen'], 'tableHeader'),
    ...statements.map(({ text: words, tally }) => {
      const total = tally.agree + tally.neutral + tally.disagree;
      return tableRow(
        [
          words,
          countCell(tally.agree, total),
          countCell(tally.neutral, total),
          countCell(tally.disagree, total),
          String(total),
        ],
        'tableCell',
      );
    }),
  ]);
  return [heading('Stellingen', 3), table, ...cityBlocks(statements)];
}

/** The vote per organisation under the stellingen: the suppressed groups, with why small ones are missing. */
function cityBlocks(statements: readonly ScaffoldStatement[]): RichTextBlock[] {
  const rows = statements.flatMap(({ text: words, cities }) => {
    const shown = [
      ...(cities?.groups ?? []).map((group) => [group.organisation, group.tally] as const),
      ...(cities?.other ? [['Overige organisaties', cities.other] as const] : []),
    ];
    return shown.map(([organisation, tally], index) =>
      tableRow(
        [index === 0 ? words : '', organisation, String(tally.agree), String(tally.neutral), String(tally.disagree)],
        'tableCell',
      ),
    );
  });
  if (rows.length === 0) return [];
  const table = new Y.XmlElement('table');
  table.insert(0, [tableRow(['Stelling', 'Organisatie', 'Eens', 'Neutraal', 'Oneens'], 'tableHeader'), ...rows]);
  const note = `Stemmen per organisatie, leden en gasten samen. Een organisatie met minder dan ${CITY_TALLY_MIN_VOTERS} stemmers staat niet apart vermeld, zodat niemands stem te herleiden is.`;
  return [block('paragraph', text('Stemmen per organisatie', true)), table, block('paragraph', note)];
}

/** Where the heading of a section is now, or -1 when it was deleted. */
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

interface Section {
  key: string;
  index: Y.Map<HeadingRef>;
  /** The section's blocks, its heading first; null when it has nothing to say (yet), so it stays unmarked. */
  blocks: () => RichTextBlock[] | null;
}

function sections(doc: Y.Doc, input: ScaffoldInput): Section[] {
  const parts = partIndex(doc);
  const items = itemIndex(doc);
  return [
    { key: SCAFFOLD_THEMES, index: parts, blocks: () => (input.themes.length > 0 ? themeBlocks(input.themes) : null) },
    ...input.items
      .filter((item) => !KINDS_WITHOUT_SECTION.has(item.kind))
      .map((item) => ({ key: item.itemId, index: items, blocks: () => itemBlocks(item) })),
    {
      key: SCAFFOLD_STATEMENTS,
      index: parts,
      blocks: () => (input.statements.length > 0 ? statementBlocks(input.statements) : null),
    },
  ];
}

/**
 * Adds every section that was never added — the themes, each programme item but breaks, the stellingen — in
 * that order: before the next section that is there, else at the end. Returns the keys of the sections it added
 * (programme item ids, SCAFFOLD_THEMES, SCAFFOLD_STATEMENTS). Call it in one transaction (CollabServer.change
 * does) so two scaffolds at once cannot both add the same section.
 */
export function scaffoldReport(doc: Y.Doc, input: ScaffoldInput): string[] {
  const content = reportFragment(doc);
  const all = sections(doc, input);
  const added: string[] = [];
  all.forEach((section, position) => {
    if (section.index.has(section.key)) return;
    const blocks = section.blocks();
    if (!blocks) return;
    const next = all
      .slice(position + 1)
      .map((later) => headingIndex(content, later.index.get(later.key)))
      .find((at) => at >= 0);
    content.insert(next ?? content.length, blocks);
    const id = (blocks[0] as Y.XmlElement)._item?.id;
    if (id) section.index.set(section.key, { client: id.client, clock: id.clock });
    added.push(section.key);
  });
  return added;
}

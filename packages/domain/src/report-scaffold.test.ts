import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, itemDescription, richTextToPlain } from './programme.ts';
import { reportFragment } from './report.ts';
import {
  copyItemDescription,
  copyRichText,
  SCAFFOLD_STATEMENTS,
  SCAFFOLD_THEMES,
  type ScaffoldInput,
  type ScaffoldItem,
  scaffoldedItems,
  scaffoldReport,
} from './report-scaffold.ts';

/** Rich text as an editor leaves it: '' stands for an empty paragraph. */
function richText(...paragraphs: string[]): (Y.XmlElement | Y.XmlText)[] {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('notes');
  for (const words of paragraphs) {
    const paragraph = new Y.XmlElement('paragraph');
    if (words) paragraph.insert(0, [new Y.XmlText(words)]);
    fragment.insert(fragment.length, [paragraph]);
  }
  return copyRichText(fragment);
}

const opening = (): ScaffoldItem => ({
  itemId: 'opening',
  kind: 'opening',
  title: 'Opening',
  start: '09:30',
  end: '10:00',
  speakers: [{ name: 'Sanne de Vries', role: 'voorzitter', organisation: 'CCV' }],
  description: richText('', 'Welkom en voorstelronde', ''),
  sessions: [],
});
const koffie = (): ScaffoldItem => ({
  itemId: 'koffie',
  kind: 'break',
  title: 'Koffiepauze',
  start: '10:00',
  end: '10:15',
  speakers: [],
  description: richText('Koffie in de foyer'),
  sessions: [],
});
const tafels = (): ScaffoldItem => ({
  itemId: 'tafels',
  kind: 'deelsessies',
  title: 'Dilemmatafels',
  start: '10:15',
  end: '11:45',
  speakers: [],
  description: richText(''),
  sessions: [
    {
      topic: 'Vuurwerk',
      facilitator: 'Tilburg',
      rapporteur: 'Breda',
      notes: richText('Verbod werkt', '', 'Handhaving'),
    },
    { topic: 'Drugs', facilitator: '', rapporteur: '', notes: richText('', '') },
  ],
});
const day = (items: ScaffoldItem[] = [opening(), koffie(), tafels()]): ScaffoldInput => ({
  themes: [{ title: 'Jongeren en ondermijning', why: 'Steeds jongere koeriers' }],
  items,
  statements: [
    { text: 'Een vuurwerkverbod werkt', tally: { agree: 6, neutral: 2, disagree: 4 } },
    { text: 'Cameratoezicht helpt', tally: { agree: 0, neutral: 0, disagree: 0 } },
  ],
});
const text = (doc: Y.Doc) => richTextToPlain(reportFragment(doc));
const blocks = (doc: Y.Doc) => reportFragment(doc).toArray() as Y.XmlElement[];

/** Every paragraph of the document, however deep (in tables too), with its text. */
function paragraphs(node: Y.XmlFragment | Y.XmlElement): string[] {
  return node.toArray().flatMap((child) => {
    if (!(child instanceof Y.XmlElement)) return [];
    if (child.nodeName === 'paragraph') return [child.toArray().join('')];
    return paragraphs(child);
  });
}

describe('scaffoldReport', () => {
  it('writes the theme, a section per item but breaks, and the stellingen with their counts', () => {
    const doc = new Y.Doc();
    expect(scaffoldReport(doc, day())).toEqual([SCAFFOLD_THEMES, 'opening', 'tafels', SCAFFOLD_STATEMENTS]);
    expect(text(doc)).toBe(
      [
        'Thema',
        'Jongeren en ondermijning',
        'Steeds jongere koeriers',
        '09:30–10:00 Opening',
        'Sprekers: Sanne de Vries (voorzitter, CCV)',
        'Welkom en voorstelronde',
        '10:15–11:45 Dilemmatafels',
        'Vuurwerk',
        'Gespreksleider: Tilburg · Rapporteur: Breda',
        'Verbod werkt',
        'Handhaving',
        'Drugs',
        'Stellingen',
        ...['Stelling', 'Eens', 'Neutraal', 'Oneens', 'Stemmen'],
        ...['Een vuurwerkverbod werkt', '6 (50%)', '2 (17%)', '4 (33%)', '12'],
        ...['Cameratoezicht helpt', '0', '0', '0', '0'],
      ].join('\n'),
    );
    expect(text(doc)).not.toContain('Koffie');
    const outline = blocks(doc)
      .filter((node) => node.nodeName === 'heading')
      .map((node) => `${node.getAttribute('level')} ${node.toArray().join('')}`);
    expect(outline).toEqual([
      '3 Thema',
      '3 09:30–10:00 Opening',
      '3 10:15–11:45 Dilemmatafels',
      '4 Vuurwerk',
      '4 Drugs',
      '3 Stellingen',
    ]);
    expect(blocks(doc).map((node) => node.nodeName)).toContain('table');
    expect(paragraphs(reportFragment(doc)).filter((words) => words.trim() === '')).toEqual([]);
  });

  it('writes no themes or stellingen section while there are none, and adds them once there are', () => {
    const doc = new Y.Doc();
    expect(scaffoldReport(doc, { themes: [], items: [opening()], statements: [] })).toEqual(['opening']);
    expect(text(doc)).not.toContain('Thema');
    expect(text(doc)).not.toContain('Stellingen');
    expect(scaffoldReport(doc, day([opening()]))).toEqual([SCAFFOLD_THEMES, SCAFFOLD_STATEMENTS]);
    const lines = text(doc).split('\n');
    expect(lines[0]).toBe('Thema');
    expect(lines.indexOf('Stellingen')).toBeGreaterThan(lines.indexOf('09:30–10:00 Opening'));
  });

  it('adds nothing twice and keeps what was written in between; a new item lands in programme order', () => {
    const doc = new Y.Doc();
    const lunch: ScaffoldItem = { ...koffie(), itemId: 'lunch', kind: 'break', title: 'Lunch' };
    const forum: ScaffoldItem = {
      ...opening(),
      itemId: 'forum',
      kind: 'discussion',
      title: 'Forum',
      start: '13:00',
      end: '14:00',
      speakers: [],
      description: richText('Met de wethouders'),
    };
    scaffoldReport(doc, day([opening(), lunch, forum]));
    const written = new Y.XmlElement('paragraph');
    written.insert(0, [new Y.XmlText('Welkom door de burgemeester')]);
    reportFragment(doc).insert(5, [written]);

    expect(scaffoldReport(doc, day([opening(), tafels(), lunch, forum]))).toEqual(['tafels']);
    expect(scaffoldReport(doc, day([opening(), tafels(), lunch, forum]))).toEqual([]);
    const lines = text(doc).split('\n');
    expect(lines.filter((line) => line === 'Thema')).toHaveLength(1);
    expect(lines.filter((line) => line === 'Stellingen')).toHaveLength(1);
    expect(lines.filter((line) => line.endsWith('Opening'))).toHaveLength(1);
    expect(lines).toContain('Welkom door de burgemeester');
    expect(lines).not.toContain('Lunch');
    expect(lines.indexOf('Welkom door de burgemeester')).toBeLessThan(lines.indexOf('10:15–11:45 Dilemmatafels'));
    expect(lines.indexOf('10:15–11:45 Dilemmatafels')).toBeLessThan(lines.indexOf('13:00–14:00 Forum'));
    expect(scaffoldedItems(doc)).toEqual(new Set(['opening', 'forum', 'tafels']));
  });

  it('never brings back a section someone deleted', () => {
    const doc = new Y.Doc();
    scaffoldReport(doc, day());
    const content = reportFragment(doc);
    content.delete(0, 3);
    expect(scaffoldReport(doc, day())).toEqual([]);
    expect(text(doc)).not.toContain('Thema');
  });
});

describe('copyItemDescription', () => {
  it('copies the rich text of an item without its empty paragraphs, and nothing for an unknown item', () => {
    const programme = new Y.Doc();
    const id = addItem(programme, { kind: 'talk', title: 'Lezing', durationMinutes: 30 });
    const description = itemDescription(programme, id);
    for (const words of ['', 'Over de aanpak', '']) {
      const paragraph = new Y.XmlElement('paragraph');
      if (words) paragraph.insert(0, [new Y.XmlText(words)]);
      description.insert(description.length, [paragraph]);
    }
    const report = new Y.Doc();
    reportFragment(report).insert(0, copyItemDescription(programme, id));
    expect(reportFragment(report).toString()).toBe('<paragraph>Over de aanpak</paragraph>');
    expect(copyItemDescription(programme, 'gone')).toEqual([]);
  });
});

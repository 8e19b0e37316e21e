import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { richTextToPlain } from './programme.ts';
import { reportFragment } from './report.ts';
import { copyRichText, type ScaffoldItem, scaffoldedItems, scaffoldReport } from './report-scaffold.ts';

function notes(...paragraphs: string[]): (Y.XmlElement | Y.XmlText)[] {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('notes');
  for (const words of paragraphs) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(words)]);
    fragment.insert(fragment.length, [paragraph]);
  }
  return copyRichText(fragment);
}

const opening: ScaffoldItem = {
  itemId: 'opening',
  title: 'Opening',
  start: '09:30',
  end: '10:00',
  speakers: [{ name: 'Sanne de Vries', role: 'voorzitter', organisation: 'CCV' }],
  sessions: [],
};
const tafels = (): ScaffoldItem => ({
  itemId: 'tafels',
  title: 'Dilemmatafels',
  start: '10:00',
  end: '11:30',
  speakers: [],
  sessions: [{ topic: 'Vuurwerk', facilitator: 'Tilburg', rapporteur: '', notes: notes('Verbod werkt', 'Handhaving') }],
});
const text = (doc: Y.Doc) => richTextToPlain(reportFragment(doc));

describe('scaffoldReport', () => {
  it('writes a section per item with its speakers and the notes of its sessions', () => {
    const doc = new Y.Doc();
    expect(scaffoldReport(doc, [opening, tafels()])).toEqual(['opening', 'tafels']);
    expect(text(doc)).toBe(
      [
        '09:30–10:00 Opening',
        'Sprekers: Sanne de Vries (voorzitter, CCV)',
        '',
        '10:00–11:30 Dilemmatafels',
        'Vuurwerk',
        'Gespreksleider: Tilburg',
        'Verbod werkt',
        'Handhaving',
      ].join('\n'),
    );
    expect(reportFragment(doc).get(0)).toBeInstanceOf(Y.XmlElement);
    expect((reportFragment(doc).get(0) as Y.XmlElement).getAttribute('level')).toBe(2);
  });

  it('adds nothing twice and keeps what was written in between; a new item lands in programme order', () => {
    const doc = new Y.Doc();
    const lunch: ScaffoldItem = {
      ...opening,
      itemId: 'lunch',
      title: 'Lunch',
      start: '12:00',
      end: '13:00',
      speakers: [],
    };
    scaffoldReport(doc, [opening, lunch]);
    const written = new Y.XmlElement('paragraph');
    written.insert(0, [new Y.XmlText('Welkom door de burgemeester')]);
    reportFragment(doc).insert(2, [written]);

    expect(scaffoldReport(doc, [opening, tafels(), lunch])).toEqual(['tafels']);
    expect(scaffoldReport(doc, [opening, tafels(), lunch])).toEqual([]);
    const lines = text(doc).split('\n');
    expect(lines.filter((line) => line.endsWith('Opening'))).toHaveLength(1);
    expect(lines).toContain('Welkom door de burgemeester');
    expect(lines.indexOf('10:00–11:30 Dilemmatafels')).toBeLessThan(lines.indexOf('12:00–13:00 Lunch'));
    expect(lines.indexOf('Welkom door de burgemeester')).toBeLessThan(lines.indexOf('10:00–11:30 Dilemmatafels'));
    expect(scaffoldedItems(doc)).toEqual(new Set(['opening', 'lunch', 'tafels']));
  });
});

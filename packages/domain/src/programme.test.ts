import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  addSession,
  itemDescription,
  moveItem,
  moveSession,
  programmeItemInput,
  readProgramme,
  removeItem,
  removeSession,
  richTextToPlain,
  setStartTime,
  updateItem,
  updateSession,
} from './programme.ts';

/** Two replicas that have seen each other's state, as two clients after a sync. */
function replicas(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  exchange(a, b);
  return [a, b];
}

/** Sends each replica what the other has that it lacks. */
function exchange(a: Y.Doc, b: Y.Doc): void {
  const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, fromA);
  Y.applyUpdate(a, fromB);
}

const titles = (doc: Y.Doc) => readProgramme(doc).items.map((item) => item.title);

function dayWithThreeItems(doc: Y.Doc): { opening: string; talk: string; lunch: string } {
  setStartTime(doc, '09:30');
  const opening = addItem(doc, { kind: 'opening', title: 'Opening', durationMinutes: 15 });
  const talk = addItem(doc, { kind: 'talk', title: 'Carbidschieten', durationMinutes: 45 });
  const lunch = addItem(doc, { kind: 'break', title: 'Lunch', durationMinutes: 60 });
  return { opening, talk, lunch };
}

describe('the programme document', () => {
  it('keeps both a move and a concurrent edit of the same item', () => {
    const [anna, bram] = replicas();
    const { lunch } = dayWithThreeItems(anna);
    exchange(anna, bram);

    // Anna drags the lunch to the top while Bram renames it and makes it shorter.
    moveItem(anna, lunch, { before: readProgramme(anna).items[0]?.id as string });
    updateItem(bram, lunch, { title: 'Lunch en netwerken', durationMinutes: 45 });
    exchange(anna, bram);

    for (const doc of [anna, bram]) {
      expect(titles(doc)).toEqual(['Lunch en netwerken', 'Opening', 'Carbidschieten']);
      expect(readProgramme(doc).items[0]).toMatchObject({ durationMinutes: 45, start: '09:30', end: '10:15' });
    }
  });

  it('shows why items are not moved by deleting and re-inserting them in an array', () => {
    // The naive design: items in a Y.Array, a move deletes the element and inserts a copy elsewhere.
    const anna = new Y.Doc();
    const bram = new Y.Doc();
    const list = anna.getArray<Y.Map<unknown>>('items');
    for (const title of ['Opening', 'Carbidschieten', 'Lunch']) list.push([new Y.Map<unknown>([['title', title]])]);
    exchange(anna, bram);

    const lunch = list.get(2);
    const copy = new Y.Map<unknown>([['title', lunch.get('title')]]);
    anna.transact(() => {
      list.delete(2, 1);
      list.insert(0, [copy]);
    });
    (bram.getArray<Y.Map<unknown>>('items').get(2) as Y.Map<unknown>).set('title', 'Lunch en netwerken');
    exchange(anna, bram);

    const naive = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>('items').map((item) => item.get('title'));
    // The move survived, Bram's edit went down with the deleted element.
    expect(naive(anna)).toEqual(['Lunch', 'Opening', 'Carbidschieten']);
    expect(naive(bram)).toEqual(naive(anna));
  });

  it('recomputes the times after a duration changes', () => {
    const doc = new Y.Doc();
    const { opening } = dayWithThreeItems(doc);
    expect(readProgramme(doc).items.map((item) => [item.start, item.end])).toEqual([
      ['09:30', '09:45'],
      ['09:45', '10:30'],
      ['10:30', '11:30'],
    ]);
    updateItem(doc, opening, { durationMinutes: 30 });
    expect(readProgramme(doc).items.map((item) => [item.start, item.end])).toEqual([
      ['09:30', '10:00'],
      ['10:00', '10:45'],
      ['10:45', '11:45'],
    ]);
    setStartTime(doc, '10:00');
    expect(readProgramme(doc).items.at(-1)).toMatchObject({ start: '11:15', end: '12:15' });
  });

  it('waits for a fixed start, and flags it when the item before runs past it', () => {
    const doc = new Y.Doc();
    const { talk, lunch } = dayWithThreeItems(doc);
    updateItem(doc, lunch, { fixedStart: '12:00' });
    expect(readProgramme(doc).items.at(-1)).toMatchObject({ start: '12:00', end: '13:00', overlaps: false });

    updateItem(doc, talk, { durationMinutes: 150 });
    // The talk now ends at 12:15, a quarter of an hour into the lunch that should start at 12:00.
    expect(readProgramme(doc).items.at(-1)).toMatchObject({ start: '12:15', end: '13:15', overlaps: true });
    expect(readProgramme(doc).items.filter((item) => item.overlaps)).toHaveLength(1);

    updateItem(doc, lunch, { fixedStart: null });
    expect(readProgramme(doc).items.at(-1)).toMatchObject({ fixedStart: null, overlaps: false });
  });

  it('orders concurrent insertions at the same place the same way on both replicas', () => {
    const [anna, bram] = replicas();
    const { opening } = dayWithThreeItems(anna);
    exchange(anna, bram);
    for (let i = 0; i < 5; i++) {
      addItem(anna, { kind: 'talk', title: `Anna ${i}`, durationMinutes: 10 }, { after: opening });
      addItem(bram, { kind: 'talk', title: `Bram ${i}`, durationMinutes: 10 }, { after: opening });
    }
    exchange(anna, bram);

    expect(titles(anna)).toEqual(titles(bram));
    expect(titles(anna)).toHaveLength(13);
    expect(titles(anna)[0]).toBe('Opening');
    expect(titles(anna).slice(-2)).toEqual(['Carbidschieten', 'Lunch']);
  });

  it('moves items by keyboard one place up and down, and to either end', () => {
    const doc = new Y.Doc();
    const { opening, talk, lunch } = dayWithThreeItems(doc);
    moveItem(doc, lunch, { before: talk });
    expect(titles(doc)).toEqual(['Opening', 'Lunch', 'Carbidschieten']);
    moveItem(doc, opening, { after: talk });
    expect(titles(doc)).toEqual(['Lunch', 'Carbidschieten', 'Opening']);
    moveItem(doc, lunch, {});
    expect(titles(doc)).toEqual(['Carbidschieten', 'Opening', 'Lunch']);
    removeItem(doc, opening);
    expect(titles(doc)).toEqual(['Carbidschieten', 'Lunch']);
  });

  it('holds sessions with their own order under an item of kind deelsessies', () => {
    const doc = new Y.Doc();
    const item = addItem(doc, {
      kind: 'deelsessies',
      title: 'Dilemmatafels',
      durationMinutes: 90,
      rotationMinutes: 30,
    });
    const fireworks = addSession(doc, item, { topic: 'Vuurwerk', facilitator: 'Tilburg', room: 'Zaal 1' });
    const polarisation = addSession(doc, item, { topic: 'Polarisatie', rapporteur: 'CCV' });
    moveSession(doc, item, polarisation, { before: fireworks });
    updateSession(doc, item, fireworks, { room: 'Zaal 2' });

    const [read] = readProgramme(doc).items;
    expect(read?.rotationMinutes).toBe(30);
    expect(read?.sessions.map((session) => [session.topic, session.room])).toEqual([
      ['Polarisatie', ''],
      ['Vuurwerk', 'Zaal 2'],
    ]);
    removeSession(doc, item, polarisation);
    expect(readProgramme(doc).items[0]?.sessions.map((session) => session.id)).toEqual([fireworks]);

    // Another kind shows no sessions, but keeps them in case the kind is changed back.
    updateItem(doc, item, { kind: 'discussion' });
    expect(readProgramme(doc).items[0]?.sessions).toEqual([]);
    updateItem(doc, item, { kind: 'deelsessies' });
    expect(readProgramme(doc).items[0]?.sessions).toHaveLength(1);
  });

  it('keeps a concurrent edit of one speaker when the other replica edits another', () => {
    const [anna, bram] = replicas();
    const speakers = [
      { name: 'Joost', role: 'adviseur', organisation: 'Tilburg' },
      { name: 'Sanne', role: 'adviseur', organisation: 'CCV' },
    ];
    const id = addItem(anna, { kind: 'talk', title: 'Panel', durationMinutes: 30, speakers });
    exchange(anna, bram);
    updateItem(anna, id, { speakers: [{ ...speakers[0], role: 'teamleider' } as never, speakers[1] as never] });
    updateItem(bram, id, { speakers: [speakers[0] as never, { ...speakers[1], organisation: 'VNG' } as never] });
    exchange(anna, bram);
    for (const doc of [anna, bram]) {
      expect(readProgramme(doc).items[0]?.speakers).toEqual([
        { name: 'Joost', role: 'teamleider', organisation: 'Tilburg' },
        { name: 'Sanne', role: 'adviseur', organisation: 'VNG' },
      ]);
    }
  });

  it('reads the description as plain text, one line per block and without markup', () => {
    const doc = new Y.Doc();
    const id = addItem(doc, { kind: 'talk', title: 'Carbid', durationMinutes: 30 });
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    const list = new Y.XmlElement('bulletList');
    const listItem = new Y.XmlElement('listItem');
    const inner = new Y.XmlElement('paragraph');
    const innerText = new Y.XmlText();
    inner.insert(0, [innerText]);
    listItem.insert(0, [inner]);
    list.insert(0, [listItem]);
    itemDescription(doc, id).insert(0, [paragraph, list]);
    text.insert(0, 'Carbidschieten in ');
    text.insert(18, 'Drenthe', { bold: true });
    innerText.insert(0, '<b>geen</b> HTML');

    expect(readProgramme(doc).items[0]?.descriptionText).toBe('Carbidschieten in Drenthe\n<b>geen</b> HTML');
    expect(richTextToPlain(new Y.XmlFragment())).toBe('');
  });

  it('survives a document that a client filled with nonsense', () => {
    const doc = new Y.Doc();
    const items = doc.getMap<unknown>('programmeItems');
    items.set('not-a-map', 42);
    items.set(
      'odd',
      new Y.Map<unknown>([
        ['kind', 'rave'],
        ['durationMinutes', -5],
        ['title', 7],
        ['fixedStart', '25:00'],
      ]),
    );
    doc.getMap('programme').set('startTime', 'morning');
    expect(readProgramme(doc)).toEqual({
      startTime: '09:30',
      items: [expect.objectContaining({ id: 'odd', kind: 'talk', title: '', durationMinutes: 0, fixedStart: null })],
    });
  });

  it('validates the fields of an item', () => {
    const valid = { kind: 'talk', title: 'Carbid', durationMinutes: 30 };
    expect(programmeItemInput.safeParse(valid).success).toBe(true);
    expect(programmeItemInput.safeParse({ ...valid, title: 'x'.repeat(201) }).success).toBe(false);
    expect(programmeItemInput.safeParse({ ...valid, durationMinutes: 0 }).success).toBe(false);
    expect(programmeItemInput.safeParse({ ...valid, durationMinutes: 721 }).success).toBe(false);
    expect(programmeItemInput.safeParse({ ...valid, kind: 'rave' }).success).toBe(false);
    expect(programmeItemInput.safeParse({ ...valid, fixedStart: '24:00' }).success).toBe(false);
    const speaker = { name: 'Joost' };
    expect(programmeItemInput.safeParse({ ...valid, speakers: Array(20).fill(speaker) }).success).toBe(true);
    expect(programmeItemInput.safeParse({ ...valid, speakers: Array(21).fill(speaker) }).success).toBe(false);
    expect(programmeItemInput.safeParse({ ...valid, speakers: [{ name: 'x'.repeat(121) }] }).success).toBe(false);
    expect(() => addItem(new Y.Doc(), { ...valid, durationMinutes: 0 } as never)).toThrow();
  });
});

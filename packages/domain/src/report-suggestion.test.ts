import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeAnchorPosition } from './anchor.ts';
import { reportFragment } from './report.ts';
import { applySuggestion, suggestionInput } from './report-suggestion.ts';

/** A report with one paragraph per line, as the web editor writes them. */
function reportDoc(...lines: string[]): { doc: Y.Doc; texts: Y.XmlText[] } {
  const doc = new Y.Doc();
  const texts = lines.map((line) => {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText(line);
    paragraph.insert(0, [text]);
    reportFragment(doc).push([paragraph]);
    return text;
  });
  return { doc, texts };
}

const at = (text: Y.XmlText, index: number, assoc = 0) =>
  encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, index, assoc));

/** A suggestion on `words` of a text, anchored as the web editor anchors a selection (the end names the last character). */
function on(text: Y.XmlText, words: string, replacement: string) {
  const plain = (text.toDelta() as { insert: string }[]).map((op) => op.insert).join('');
  const from = plain.indexOf(words);
  if (from < 0) throw new Error(`"${words}" is not in the text`);
  return { anchor: { start: at(text, from, -1), end: at(text, from + words.length, -1) }, quote: words, replacement };
}

const lines = (doc: Y.Doc) =>
  reportFragment(doc)
    .toArray()
    .map((block) => ((block as Y.XmlElement).get(0) as Y.XmlText).toDelta());

describe('applySuggestion', () => {
  it('replaces the anchored words within their paragraph, after the text around them was edited', () => {
    const { doc, texts } = reportDoc('De gemeenten delen hun aanpak.', 'Tot slot koffie.');
    const suggestion = on(texts[0]!, 'delen hun aanpak', 'bespreken hun werkwijze');
    texts[0]!.insert(0, 'Samengevat: ');
    texts[0]!.insert(texts[0]!.length, ' Zij bellen.');
    expect(applySuggestion(doc, suggestion)).toBe('applied');
    expect(texts[0]!.toString()).toBe('Samengevat: De gemeenten bespreken hun werkwijze. Zij bellen.');
    expect(texts[1]!.toString()).toBe('Tot slot koffie.');
  });

  it('keeps the formatting of the first replaced character, and not that of the character before', () => {
    const { doc, texts } = reportDoc('Wij kiezen veiligheid voor iedereen.');
    const text = texts[0]!;
    text.format(0, 3, { italic: true });
    text.format(11, 10, { bold: true });
    expect(applySuggestion(doc, on(text, 'veiligheid', 'zorg'))).toBe('applied');
    expect(lines(doc)[0]).toEqual([
      { insert: 'Wij', attributes: { italic: true } },
      { insert: ' kiezen ' },
      { insert: 'zorg', attributes: { bold: true } },
      { insert: ' voor iedereen.' },
    ]);
    const plain = on(text, ' voor', ' bij');
    expect(applySuggestion(doc, plain)).toBe('applied');
    expect(lines(doc)[0]).toEqual([
      { insert: 'Wij', attributes: { italic: true } },
      { insert: ' kiezen ' },
      { insert: 'zorg', attributes: { bold: true } },
      { insert: ' bij iedereen.' },
    ]);
  });

  it('deletes the passage when the replacement is empty', () => {
    const { doc, texts } = reportDoc('Zij spreken af elkaar snel te bellen.');
    expect(applySuggestion(doc, on(texts[0]!, ' snel', ''))).toBe('applied');
    expect(texts[0]!.toString()).toBe('Zij spreken af elkaar te bellen.');
  });

  it('refuses a passage across two paragraphs and leaves the text as it was', () => {
    const { doc, texts } = reportDoc('Eerste alinea.', 'Tweede alinea.');
    const suggestion = {
      anchor: { start: at(texts[0]!, 7, -1), end: at(texts[1]!, 6, -1) },
      quote: 'alinea. Tweede',
      replacement: 'x',
    };
    expect(applySuggestion(doc, suggestion)).toBe('spansBlocks');
    expect(texts.map(String)).toEqual(['Eerste alinea.', 'Tweede alinea.']);
  });

  it('calls a suggestion stale once its words were deleted, changed, or their paragraph removed', () => {
    const { doc, texts } = reportDoc('De gemeenten delen hun aanpak.', 'Tot slot koffie.', 'Daarna naar huis.');
    const deleted = on(texts[0]!, 'hun aanpak', 'de werkwijze');
    const changed = on(texts[1]!, 'koffie', 'thee');
    const removed = on(texts[2]!, 'naar huis', 'weg');
    texts[0]!.delete(texts[0]!.toString().indexOf('hun aanpak'), 'hun aanpak'.length);
    texts[1]!.insert(texts[1]!.toString().indexOf('koffie') + 3, 'ie-');
    reportFragment(doc).delete(2, 1);
    const before = Y.encodeStateVector(doc);
    expect([deleted, changed, removed].map((suggestion) => applySuggestion(doc, suggestion))).toEqual([
      'stale',
      'stale',
      'stale',
    ]);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('does not resolve an anchor of another document', () => {
    const { texts } = reportDoc('Ondermijning');
    const other = reportDoc('Ondermijning').doc;
    expect(applySuggestion(other, on(texts[0]!, 'Ondermijning', 'Criminaliteit'))).toBe('stale');
  });
});

describe('suggestionInput', () => {
  const anchor = reportDoc('De gemeenten').texts[0]!;
  const good = on(anchor, 'gemeenten', 'steden');

  it('takes an empty replacement, and turns line breaks into spaces', () => {
    expect(suggestionInput.parse({ ...good, replacement: '' }).replacement).toBe('');
    expect(suggestionInput.parse({ ...good, replacement: 'grote\r\n  steden' }).replacement).toBe('grote steden');
  });

  it('refuses a replacement that is too long or not text', () => {
    const issues = (replacement: unknown) =>
      suggestionInput.safeParse({ ...good, replacement }).error?.issues.map((issue) => issue.message);
    expect(issues('x'.repeat(4001))).toEqual(['replacement.tooLong']);
    expect(issues(undefined)).toEqual(['replacement.invalid']);
    expect(issues('x'.repeat(4000))).toBeUndefined();
  });
});

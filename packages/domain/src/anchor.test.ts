import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorInput, anchorResolves, decodeAnchorPosition, encodeAnchorPosition } from './anchor.ts';

function paragraphDoc(text: string): { doc: Y.Doc; text: Y.XmlText } {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  const content = new Y.XmlText(text);
  paragraph.insert(0, [content]);
  doc.getXmlFragment('content').insert(0, [paragraph]);
  return { doc, text: content };
}

describe('anchors', () => {
  it('round-trips a relative position and keeps it on the same words while the text is edited', () => {
    const { doc, text } = paragraphDoc('Verwarde personen in de wijk');
    const start = encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, 9));
    const end = encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, 17));
    text.insert(0, 'Aanpak: ');
    const from = Y.createAbsolutePositionFromRelativePosition(decodeAnchorPosition(start)!, doc)!;
    const to = Y.createAbsolutePositionFromRelativePosition(decodeAnchorPosition(end)!, doc)!;
    expect(text.toString().slice(from.index, to.index)).toBe('personen');
    expect(anchorResolves(doc, { start, end })).toBe(true);
  });

  it('does not resolve an anchor made on another document', () => {
    const { text } = paragraphDoc('Ondermijning');
    const other = paragraphDoc('Ondermijning').doc;
    const start = encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, 0));
    expect(anchorResolves(other, { start, end: start })).toBe(false);
  });

  it('refuses what is not an encoded position', () => {
    for (const bad of ['', '!!!', 'a'.repeat(300), btoa('garbage'), 'AAAA']) {
      expect(decodeAnchorPosition(bad)).toBeUndefined();
    }
    const parsed = anchorInput.safeParse({ anchor: { start: 'x', end: 'y' }, quote: 'tekst' });
    expect(parsed.success).toBe(false);
    const empty = anchorInput.safeParse({ anchor: { start: 'x', end: 'y' }, quote: '   ' });
    expect(empty.error?.issues.map((issue) => issue.message)).toContain('quote.required');
  });
});

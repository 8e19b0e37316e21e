import { describe, expect, it } from 'vitest';
import { diffText, diffWords } from './text-diff.ts';

describe('diffWords', () => {
  it('shows which words changed, keeping the rest', () => {
    expect(diffWords('Het vuurwerkverbod werkt goed', 'Het vuurwerkverbod werkt redelijk goed')).toEqual([
      { op: 'equal', text: 'Het vuurwerkverbod werkt ' },
      { op: 'insert', text: 'redelijk ' },
      { op: 'equal', text: 'goed' },
    ]);
    expect(diffWords('Tilburg en Breda', 'Tilburg en Eindhoven')).toEqual([
      { op: 'equal', text: 'Tilburg en ' },
      { op: 'delete', text: 'Breda' },
      { op: 'insert', text: 'Eindhoven' },
    ]);
  });
});

describe('diffText', () => {
  it('marks added, removed and changed paragraphs', () => {
    const before = 'Opening\nVuurwerk in Tilburg\nAfsluiting';
    const after = 'Opening\nVuurwerk in Breda\nAfspraken\n\nAfsluiting\nBorrel';
    expect(diffText(before, after)).toEqual([
      { op: 'equal', text: 'Opening' },
      {
        op: 'delete',
        text: 'Vuurwerk in Tilburg',
      },
      { op: 'insert', text: 'Vuurwerk in Breda' },
      { op: 'insert', text: 'Afspraken' },
      { op: 'equal', text: 'Afsluiting' },
      { op: 'insert', text: 'Borrel' },
    ]);
    expect(diffText('Vuurwerk in Tilburg', 'Vuurwerk in Breda')).toEqual([
      {
        op: 'change',
        parts: [
          { op: 'equal', text: 'Vuurwerk in ' },
          { op: 'delete', text: 'Tilburg' },
          { op: 'insert', text: 'Breda' },
        ],
      },
    ]);
  });

  it('finds nothing to show between equal texts', () => {
    expect(diffText('a\nb', 'a\n\nb').every((part) => part.op === 'equal')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { report } from './fixtures/report.ts';
import { toText } from './to-text.ts';

describe('toText', () => {
  it('gives every word of the document in reading order, one block per line', () => {
    expect(toText(report)).toBe(
      [
        'Netwerkdag Eindhoven',
        'Op 12 april kwamen 38 deelnemers bijeen rond het thema jaarwisseling. Het programma staat op de ' +
          'netwerksite; vragen via secretariaat@example.org.',
        'Afspraken',
        'Carbidschieten: vergunning vóór 1 november',
        'Vuurwerkvrije zones',
        'Binnenstad',
        'Parken',
        'Evaluatie delen',
        'Volgende netwerkdag plannen',
        'Samen staan we sterker dan alleen.',
        'meldingen: 112\nwijkagent: 0900-8844',
        'Stad\tIncidenten',
        'Utrecht\t42',
        'Zwolle\t7',
        'Groepsfoto',
      ].join('\n'),
    );
  });
});

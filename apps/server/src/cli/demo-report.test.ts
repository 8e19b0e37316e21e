import { anchorResolves, reportFragment, richTextToPlain } from '@klankbord/domain';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Netwerkdag } from './demo-facts.ts';
import { composeReport, writeReport } from './demo-report.ts';

const day: Netwerkdag = {
  dates: ['2015-04-09'],
  inferred: true,
  city: 'Utrecht',
  themes: ['Maatschappelijke onrust'],
  programme: [
    { kind: 'opening', title: 'Opening', speakers: [{ name: 'An Jansen', org: 'CCV' }] },
    { kind: 'breakout', title: 'Casusanalyse', sessions: ['Gif in een woonwijk', 'Wie belt wie?'] },
  ],
  conclusion: 'A handreiking is practised in the cold phase; the value of a plan lies in making it.',
  insight: 'Something the composer has no Dutch words for.',
  actions: ['VNG gaat na wat gemeenten nodig hebben', 'Ervaringen delen'],
};
const context = { network: 'Netwerk Grote Steden', secretariat: 'CCV', next: undefined, newest: false };
const organisations = new Set(['CCV', 'VNG', 'Utrecht']);

describe('the verslag of a demo netwerkdag', () => {
  it('has a heading per programme part, a sub-heading per deelsessie, then conclusions and afspraken', () => {
    const headings = composeReport(day, context, organisations).flatMap((block) =>
      block.type === 'heading' ? [`${block.level} ${block.text}`] : [],
    );
    expect(headings).toEqual([
      '3 Opening',
      '3 Casusanalyse',
      '4 Gif in een woonwijk',
      '4 Wie belt wie?',
      '3 Conclusies',
      '3 Afspraken',
    ]);
  });

  it('writes English findings in Dutch, or leaves them out, and never quotes them', () => {
    const text = composeReport(day, context, organisations)
      .map((block) => ('text' in block ? block.text : block.items.join('\n')))
      .join('\n');
    expect(text).toContain('koude fase');
    expect(text).not.toContain('cold phase');
    expect(text).not.toContain('no Dutch words');
    expect(text).toContain('In april 2015 kwam het Netwerk Grote Steden in Utrecht bijeen.');
  });

  it('gives an afspraak to the organisation of the network that the facts name, and anchors it on its passage', () => {
    const doc = new Y.Doc();
    const written = writeReport(doc, composeReport(day, context, organisations));
    expect(written.map((a) => [a.description, a.owner, a.done])).toEqual([
      ['VNG gaat na wat gemeenten nodig hebben', 'VNG', true],
      ['Ervaringen delen', null, true],
      ['Gaststad zoeken voor de volgende netwerkdag', 'CCV', false],
    ]);
    const plain = richTextToPlain(reportFragment(doc));
    for (const afspraak of written) {
      expect(anchorResolves(doc, afspraak.anchor)).toBe(true);
      expect(plain.split('\n')).toContain(afspraak.quote);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { stemDutch } from './dutch-stemmer.ts';
import { stems } from './words.ts';

describe('the Dutch stemmer', () => {
  it('brings singular and plural, inflected and plain forms to one stem', () => {
    const same: [string, string][] = [
      ['verwarde', 'verward'],
      ['personen', 'persoon'],
      ['gemeenten', 'gemeente'],
      ['veiligheid', 'veilige'],
      ['woningen', 'woning'],
      ['jongeren', 'jongere'],
      ['buurten', 'buurt'],
      ['wijken', 'wijk'],
    ];
    for (const [a, b] of same) expect(stemDutch(a), `${a} ~ ${b}`).toBe(stemDutch(b));
  });

  it('gives the stems the algorithm prescribes', () => {
    expect(stemDutch('personen')).toBe('person');
    expect(stemDutch('persoon')).toBe('person');
    expect(stemDutch('verwarde')).toBe('verward');
    expect(stemDutch('gemeenten')).toBe('gemeent');
    expect(stemDutch('veiligheid')).toBe('veilig');
    expect(stemDutch('lichamelijke')).toBe('licham');
  });

  it('keeps different words apart', () => {
    expect(stemDutch('wijk')).not.toBe(stemDutch('wijn'));
    expect(stemDutch('ondermijning')).not.toBe(stemDutch('onderwijs'));
  });

  it('stems a whole text, case and diacritics folded', () => {
    expect(stems('Verwarde Personen in de wijk')).toBe(stems('verward persoon in de wijken'));
    expect(stems('Coördinatie op één lijn')).toBe(stems('coordinatie op een lijn'));
  });
});

import { describe, expect, it } from 'vitest';
import { compoundParts, searchStem } from './compounds.ts';
import { parseQuery } from './query.ts';

describe('Dutch compounds', () => {
  it('splits a compound into the stems of its lexicon words, with linking letters and plurals', () => {
    expect(compoundParts('cameratoezicht')).toEqual(['camera', 'toezicht']);
    expect(compoundParts('veiligheidshuizen')).toEqual(['veilig', 'huis']);
    expect(compoundParts('veiligheidshuis')).toEqual(['veilig', 'huis']);
    expect(compoundParts('cybercriminaliteit')).toEqual(['cyber', 'criminaliteit']);
    expect(compoundParts('meldpunten')).toEqual(compoundParts('meldpunt'));
  });

  it('leaves lexicon words, names and words it cannot cover whole', () => {
    for (const word of ['ondermijning', 'burgemeester', 'vuurwerk', 'leeuwarden', 'amsterdam', 'verwarde', 'g40']) {
      expect(compoundParts(word), word).toEqual([]);
    }
  });

  it('ends stems the voiceless way, so that a plural finds its singular', () => {
    expect(searchStem('huizen')).toBe(searchStem('huis'));
    expect(searchStem('brieven')).toBe(searchStem('brief'));
    expect(searchStem('veiligheidshuizen')).toBe(searchStem('veiligheidshuis'));
  });
});

describe('query terms', () => {
  it('reads words in quotes as a phrase and the others as words with their compound parts', () => {
    expect(parseQuery('"verwarde personen" cameratoezicht')).toEqual([
      { kind: 'phrase', stems: ['verward', 'person'] },
      { kind: 'word', stem: 'cameratoezicht', parts: ['camera', 'toezicht'] },
    ]);
    // One word in quotes is a word; an unclosed quote runs to the end.
    expect(parseQuery('"emmen"')).toEqual([{ kind: 'word', stem: 'emm', parts: [] }]);
    expect(parseQuery('carbid "oud en nieuw')).toEqual([
      { kind: 'word', stem: 'carbid', parts: [] },
      { kind: 'phrase', stems: ['oud', 'en', 'nieuw'] },
    ]);
  });

  it('keeps a query to twelve stems, phrases included', () => {
    const long = `"${Array.from({ length: 10 }, (_, i) => `woord${i}`).join(' ')}" ${'extra '.repeat(3)}a b c d`;
    const terms = parseQuery(long);
    const count = terms.reduce((n, term) => n + (term.kind === 'word' ? 1 : term.stems.length), 0);
    expect(count).toBe(12);
  });
});

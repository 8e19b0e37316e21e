import { describe, expect, it } from 'vitest';
import { matchExpression, queryStems } from './query.ts';
import { snippet } from './snippet.ts';

describe('search queries', () => {
  it('looks for every stem as a prefix', () => {
    expect(matchExpression('verward persoon')).toBe('"verward"* "person"*');
  });

  it('reads FTS5 operators, quotes and column filters as words, never as syntax', () => {
    for (const hostile of ['"', '" OR 1', 'title:x', 'a* NEAR(b c)', '-verward', '^start', "'; DROP TABLE x; --"]) {
      const expression = matchExpression(hostile) ?? '';
      expect(expression).toMatch(/^("[a-z0-9]+"\*)( "[a-z0-9]+"\*)*$|^$/);
    }
  });

  it('has nothing to look for without words', () => {
    expect(matchExpression('')).toBeUndefined();
    expect(matchExpression('   ')).toBeUndefined();
    expect(matchExpression('"*"()')).toBeUndefined();
  });

  it('keeps a long query to its first twelve distinct words', () => {
    expect(queryStems(Array.from({ length: 30 }, (_, i) => `woord${i}`).join(' '))).toHaveLength(12);
    expect(queryStems('wijk wijk wijken')).toEqual(['wijk']);
  });
});

describe('snippets', () => {
  const text =
    'De gemeente Tilburg werkt sinds 2023 met een meldpunt. Verwarde personen in de wijk krijgen daar binnen een dag ' +
    'hulp van een wijkteam, samen met de politie en de GGD.';

  it('marks the words the query found, in other forms too', () => {
    const parts = snippet(text, ['verward', 'person']);
    expect(parts.filter((part) => part.match).map((part) => part.text)).toEqual(['Verwarde', 'personen']);
    expect(parts.map((part) => part.text).join('')).toContain('Verwarde personen in de wijk');
  });

  it('cuts a long text around the first match, at word boundaries', () => {
    const parts = snippet(`${'Inleiding zonder treffers. '.repeat(20)}${text}`, ['ggd'], 80);
    const joined = parts.map((part) => part.text).join('');
    expect(joined.startsWith('… ')).toBe(true);
    expect(joined.length).toBeLessThanOrEqual(90);
    expect(parts.some((part) => part.match && part.text === 'GGD')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { formatDutchDate, formatDutchDates, pageOf, statusLine } from './report-words.ts';

describe('the words of a verslag', () => {
  it('writes dates as Dutch long dates, shared month and year said once', () => {
    expect(formatDutchDate('2026-03-12')).toBe('12 maart 2026');
    expect(formatDutchDates(['2026-03-12'])).toBe('12 maart 2026');
    expect(formatDutchDates(['2026-03-12', '2026-03-13'])).toBe('12 en 13 maart 2026');
    expect(formatDutchDates(['2026-03-12', '2026-03-13', '2026-03-14'])).toBe('12, 13 en 14 maart 2026');
    expect(formatDutchDates(['2026-06-30', '2026-07-01'])).toBe('30 juni en 1 juli 2026');
    expect(formatDutchDates(['2025-12-31', '2026-01-01'])).toBe('31 december 2025 en 1 januari 2026');
    expect(formatDutchDates([])).toBe('');
    expect(formatDutchDate('onbekend')).toBe('onbekend');
  });

  it('says Concept, or Definitief with who, when (in Dutch time) and the version', () => {
    expect(statusLine({ final: false })).toBe('Concept');
    // 23:30 UTC on 19 March is already 20 March in Amsterdam.
    const at = Date.UTC(2026, 2, 19, 23, 30);
    expect(statusLine({ final: true, by: 'Sanne de Vries', at, version: 'Definitief' })).toBe(
      'Definitief, vastgesteld door Sanne de Vries op 20 maart 2026 (versie ‘Definitief’)',
    );
    expect(statusLine({ final: true, by: null, at, version: '' })).toBe('Definitief, vastgesteld op 20 maart 2026');
    expect(pageOf(2, 7)).toBe('Pagina 2 van 7');
  });
});

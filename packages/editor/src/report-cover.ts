import type { ReportLayout } from './report-layout.ts';
import * as words from './report-words.ts';

/**
 * The facts of a verslag's cover block, in order, as label and value — one definition for Word, PDF, HTML and
 * Markdown. The chosen theme(s) are a fact of the cover, not a section: a scaffolded verslag holds its own
 * "Thema" section in its text, which a second one would only repeat.
 */
export function reportCoverFacts(layout: ReportLayout): [label: string, value: string][] {
  const facts: [string, string | null][] = [
    [words.NETWORK, layout.network],
    [words.DATE, layout.dates.length === 0 ? null : words.formatDutchDates(layout.dates)],
    [words.VENUE, layout.venue],
    [words.HOST_CITY, layout.hostCity],
    [
      layout.themes.length === 1 ? words.THEME : words.THEMES,
      layout.themes.length === 0 ? null : words.joinDutch(layout.themes),
    ],
    [words.STATUS, words.statusLine(layout.status)],
  ];
  return facts.filter((fact): fact is [string, string] => fact[1] !== null && fact[1].trim() !== '');
}

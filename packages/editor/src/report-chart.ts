import type { ReportStatement } from './report-layout.ts';
import * as words from './report-words.ts';

/**
 * The stellingen chart as every output draws it: per stelling three bars (eens, neutraal, oneens), each as long
 * as its count relative to the largest of the three, in colours that colour-blind readers tell apart
 * (Okabe–Ito), always with the count written beside the bar.
 */
export const VOTES = ['agree', 'neutral', 'disagree'] as const;
export type Vote = (typeof VOTES)[number];
export const VOTE_COLOURS: Record<Vote, string> = { agree: '#0072B2', neutral: '#8C8C8C', disagree: '#D55E00' };
export const VOTE_WORDS: Record<Vote, string> = {
  agree: words.AGREE,
  neutral: words.NEUTRAL,
  disagree: words.DISAGREE,
};

/**
 * The table of votes per organisation over all stellingen: stelling (on its first row only), organisation, eens,
 * neutraal, oneens. Stellingen with nothing to show per organisation are left out; empty when none has any.
 */
export function cityRows(statements: readonly ReportStatement[]): string[][] {
  return statements.flatMap((statement) => {
    const cities = statement.cities;
    if (!cities) return [];
    const rows = [
      ...cities.groups.map((group) => ({ name: group.organisation, votes: group.votes })),
      ...(cities.other ? [{ name: words.OTHER_ORGANISATIONS, votes: cities.other }] : []),
    ];
    return rows.map((row, index) => {
      const counts = voteCounts({ text: '', votes: row.votes });
      return [index === 0 ? statement.text : '', row.name, ...VOTES.map((vote) => String(counts[vote]))];
    });
  });
}

/** The note under the table per organisation (with the minimum applied), or null when there is no table. */
export function citiesNote(statements: readonly ReportStatement[]): string | null {
  const min = statements.find((statement) => statement.cities)?.cities?.minVoters;
  return min === undefined || cityRows(statements).length === 0 ? null : words.citiesNote(min);
}

/** Vote counts as whole, non-negative numbers, whatever the stored layout held. */
export function voteCounts(statement: ReportStatement): ReportStatement['votes'] {
  const count = (n: number) => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);
  return {
    agree: count(statement.votes.agree),
    neutral: count(statement.votes.neutral),
    disagree: count(statement.votes.disagree),
  };
}

/** Each bar's length as a share (0–1) of the longest. */
export function barShares(counts: ReportStatement['votes']): Record<Vote, number> {
  const max = Math.max(1, counts.agree, counts.neutral, counts.disagree);
  return { agree: counts.agree / max, neutral: counts.neutral / max, disagree: counts.disagree / max };
}

/** The chart in words, for a screen reader: "Stelling 1: 28 eens, 9 neutraal, 5 oneens." */
export function chartSummary(statement: ReportStatement, index: number): string {
  const counts = voteCounts(statement);
  const parts = VOTES.map((vote) => `${counts[vote]} ${VOTE_WORDS[vote].toLowerCase()}`);
  return `${words.STATEMENT} ${index + 1}: ${parts.join(', ')}.`;
}

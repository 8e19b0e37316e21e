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

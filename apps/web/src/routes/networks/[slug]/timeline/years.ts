/** The year of a YYYY-MM-DD date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Every year from the first to the last of these dates, for a chart's axis. */
export function yearSpan(dates: readonly string[]): number[] {
  if (dates.length === 0) return [];
  const years = dates.map(yearOf);
  const first = Math.min(...years);
  const last = Math.max(...years);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

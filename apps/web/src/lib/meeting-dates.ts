/**
 * A netwerkdag's days (ISO dates, `2026-03-12`) as the locale writes them: "12 mrt. 2026" or
 * "12 mrt. 2026 en 13 mrt. 2026". Calendar dates have no time zone, so they are formatted in UTC and never shift.
 */
export function formatMeetingDates(dates: readonly string[], locale: string | null | undefined): string {
  const lang = locale ?? 'nl';
  const day = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  const days = dates.map((date) => day.format(new Date(`${date}T00:00:00Z`)));
  return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(days);
}

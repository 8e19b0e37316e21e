/** A date (ISO string or epoch milliseconds) as the locale writes it, e.g. "3 mrt. 2026". */
export function formatDate(value: string | number | null | undefined, locale: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return new Intl.DateTimeFormat(locale ?? 'nl', { dateStyle: 'medium' }).format(new Date(value));
}

/** A moment with its time, e.g. "3 mrt. 2026, 14:05". */
export function formatDateTime(value: string | number | null | undefined, locale: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return new Intl.DateTimeFormat(locale ?? 'nl', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

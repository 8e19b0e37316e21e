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

/** A file size as people read it, e.g. "1,2 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number, locale: string | null | undefined): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale ?? 'nl', {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

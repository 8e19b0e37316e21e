import { describe, expect, it } from 'vitest';
import { formatMeetingDates } from './meeting-dates.ts';

describe('formatMeetingDates', () => {
  it('writes one day in Dutch without shifting it by the time zone', () => {
    expect(formatMeetingDates(['2026-03-12'], 'nl')).toBe('12 mrt 2026');
  });

  it('joins the days of a two-day netwerkdag with "en"', () => {
    expect(formatMeetingDates(['2026-03-12', '2026-03-13'], 'nl')).toBe('12 mrt 2026 en 13 mrt 2026');
  });

  it('writes the days in English when asked', () => {
    expect(formatMeetingDates(['2026-03-12', '2026-03-13'], 'en')).toBe('Mar 12, 2026 and Mar 13, 2026');
  });
});

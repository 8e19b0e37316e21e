import { describe, expect, it } from 'vitest';
import { afspraakChange, calendarDate, isAfspraakOverdue, todayInNetherlands } from './afspraak.ts';

describe('afspraak dates', () => {
  it('accepts only calendar dates that exist', () => {
    expect(calendarDate.safeParse('2028-02-29').success).toBe(true);
    for (const wrong of ['2026-02-31', '2026-13-01', '1-4-2026', '2026-4-1', '']) {
      expect(calendarDate.safeParse(wrong).success, wrong).toBe(false);
    }
  });

  it('takes today as the date in the Netherlands, not in UTC', () => {
    // 23:30 UTC on 31 December is already 1 January in Amsterdam.
    expect(todayInNetherlands(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(todayInNetherlands(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });

  it('calls an open afspraak overdue only once its due date has passed', () => {
    const today = '2026-06-10';
    expect(isAfspraakOverdue({ status: 'open', dueDate: '2026-06-09' }, today)).toBe(true);
    expect(isAfspraakOverdue({ status: 'open', dueDate: '2026-06-10' }, today)).toBe(false);
    expect(isAfspraakOverdue({ status: 'done', dueDate: '2026-06-09' }, today)).toBe(false);
    expect(isAfspraakOverdue({ status: 'open', dueDate: null }, today)).toBe(false);
  });

  it('refuses a change that names both a member and an organisation', () => {
    const result = afspraakChange.safeParse({ ownerUserId: 1, ownerOrganisationId: 2 });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['owner'], message: 'owner.both' })]);
  });
});

import { describe, expect, it } from 'vitest';
import { dayCodeParam, isMeetingDay, votingState } from './guest-vote.ts';
import { currentProgrammeItem, timeInNetherlands } from './netwerkdag-clock.ts';

describe('what a stelling says about voting', () => {
  it('says open only when voting is open and the meeting is live', () => {
    expect(votingState({ votingOpen: true, votingOpenedAt: 1 }, 'live')).toBe('open');
    // Voting left open when the meeting moved on to the verslag: a vote would be refused, so it is closed.
    expect(votingState({ votingOpen: true, votingOpenedAt: 1 }, 'reporting')).toBe('closed');
    expect(votingState({ votingOpen: false, votingOpenedAt: 1 }, 'live')).toBe('closed');
  });

  it('says nothing of a stelling that was never opened', () => {
    expect(votingState({ votingOpen: false, votingOpenedAt: null }, 'live')).toBe('notOpened');
    expect(votingState({ votingOpen: false, votingOpenedAt: null }, 'closed')).toBe('notOpened');
  });
});

describe('the netwerkdag clock', () => {
  it('takes the date in the Netherlands, not in UTC', () => {
    // 23:30 UTC on 8 October is 01:30 on 9 October in Amsterdam (summer time).
    expect(isMeetingDay(['2025-10-09'], new Date('2025-10-08T23:30:00Z'))).toBe(true);
    expect(isMeetingDay(['2025-10-09'], new Date('2025-10-08T21:30:00Z'))).toBe(false);
    expect(isMeetingDay(['2025-10-08', '2025-10-09'], new Date('2025-10-08T12:00:00Z'))).toBe(true);
  });

  it('finds the programme item running now, by the time in the Netherlands', () => {
    const items = [
      { title: 'Ontvangst', start: '09:30', end: '10:00' },
      { title: 'Opening', start: '10:00', end: '10:30' },
      { title: 'Deelsessies', start: '10:30', end: '12:00' },
    ];
    expect(timeInNetherlands(new Date('2026-01-15T09:05:00Z'))).toBe('10:05');
    expect(currentProgrammeItem(items, '10:05')?.title).toBe('Opening');
    expect(currentProgrammeItem(items, '10:30')?.title).toBe('Deelsessies');
    expect(currentProgrammeItem(items, '09:00')).toBeNull();
    expect(currentProgrammeItem(items, '12:00')).toBeNull();
  });
});

describe('a day code', () => {
  it('accepts eight letters of the unambiguous alphabet, in either case', () => {
    expect(dayCodeParam.parse('abcd2345')).toBe('ABCD2345');
    expect(dayCodeParam.safeParse('ABCD234O').success).toBe(false);
    expect(dayCodeParam.safeParse('ABCD234').success).toBe(false);
  });
});

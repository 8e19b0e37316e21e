import { describe, expect, it } from 'vitest';
import { meetingStatuses } from './meeting.ts';
import {
  type Action,
  actions,
  can,
  canAnywhere,
  canInMeeting,
  canTransition,
  type MeetingAction,
  meetingActions,
  type Role,
  roles,
} from './roles.ts';

// The expected matrix written out in full, so a change to roles.ts must be mirrored here on purpose.
const expected: Record<Role, readonly Action[]> = {
  secretariaat: actions,
  klankbordgroep: [
    'network.view',
    'member.list',
    'document.read',
    'document.write',
    'meeting.create',
    'afspraak.list',
    'afspraak.update',
    'example.create',
    'example.editAny',
    'example.mark',
  ],
  deelnemer: [
    'network.view',
    'member.list',
    'document.read',
    'document.write',
    'afspraak.list',
    'example.create',
    'example.mark',
  ],
  gast: ['network.view', 'member.list', 'document.read', 'afspraak.list'],
};

describe('the permission matrix', () => {
  for (const role of roles) {
    for (const action of actions) {
      const allowed = expected[role].includes(action);
      it(`${allowed ? 'lets' : 'forbids'} ${role} ${action}`, () => {
        expect(can(role, action)).toBe(allowed);
      });
    }
  }

  it('gives someone without a role nothing', () => {
    for (const action of actions) expect(can(null, action)).toBe(false);
  });

  it('allows an action anywhere when one of the roles allows it', () => {
    expect(canAnywhere(['gast', 'secretariaat'], 'organisation.manage')).toBe(true);
    expect(canAnywhere(['gast', 'deelnemer'], 'organisation.manage')).toBe(false);
  });
});

// The meeting matrix written out: for each action, the roles allowed in each status (s = secretariaat,
// k = klankbordgroep, d = deelnemer, g = gast), in the order preparation, published, live, reporting, closed.
const meetingExpected: Record<MeetingAction, [string, string, string, string, string]> = {
  'meeting.view': ['sk', 'skdg', 'skdg', 'skdg', 'skdg'],
  'meeting.edit': ['sk', 'sk', 's', 's', ''],
  'programme.view': ['sk', 'skdg', 'skdg', 'skdg', 'skdg'],
  'programme.edit': ['sk', 'sk', 's', '', ''],
  'theme.view': ['sk', 'skdg', 'skdg', 'skdg', 'skdg'],
  'theme.propose': ['sk', '', '', '', ''],
  'theme.support': ['sk', '', '', '', ''],
  'theme.choose': ['sk', '', '', '', ''],
  'theme.moderate': ['s', '', '', '', ''],
  'session.manage': ['sk', 'sk', 's', '', ''],
  'session.join': ['', 'skd', 'skd', '', ''],
  'session.notes': ['', '', 'skd', 'sk', ''],
  'statement.manage': ['sk', 'sk', 's', '', ''],
  'statement.openVoting': ['', '', 's', '', ''],
  'statement.vote': ['', '', 'skd', '', ''],
  'discussion.post': ['sk', 'skd', 'skd', 'skd', ''],
  'discussion.moderate': ['s', 's', 's', 's', 's'],
  'report.view': ['', '', 'sk', 'skd', 'skd'],
  'report.edit': ['', '', 's', 'sk', ''],
  'report.comment': ['', '', 's', 'skd', ''],
  'report.decideSuggestion': ['', '', '', 's', ''],
  'report.finalise': ['', '', '', 's', ''],
  'report.reopen': ['', '', '', 's', ''],
  'report.publish': ['', '', '', 's', 's'],
  'report.readPublished': ['', '', '', 'skdg', 'skdg'],
  'report.nameAttendees': ['', '', 's', 's', 's'],
  'afspraak.create': ['', '', 's', 'sk', ''],
};
const letter: Record<Role, string> = { secretariaat: 's', klankbordgroep: 'k', deelnemer: 'd', gast: 'g' };

describe('the meeting matrix', () => {
  for (const action of meetingActions) {
    meetingStatuses.forEach((status, column) => {
      it(`allows ${action} while ${status} to exactly [${meetingExpected[action][column]}]`, () => {
        const allowed = roles.filter((role) => canInMeeting(role, action, status)).map((role) => letter[role]);
        expect(allowed.join('')).toBe(meetingExpected[action][column]);
      });
    });
  }

  it('moves a meeting forward step by step, and back only by the secretariat', () => {
    const moves = (role: Role) =>
      meetingStatuses.flatMap((from) =>
        meetingStatuses.filter((to) => canTransition(role, from, to)).map((to) => `${from}>${to}`),
      );
    expect(moves('secretariaat')).toEqual([
      'preparation>published',
      'published>preparation',
      'published>live',
      'live>published',
      'live>reporting',
      'reporting>closed',
      'closed>reporting',
    ]);
    expect(moves('klankbordgroep')).toEqual(['preparation>published']);
    expect(moves('deelnemer')).toEqual([]);
    expect(moves('gast')).toEqual([]);
    expect(canTransition(null, 'preparation', 'published')).toBe(false);
  });
});

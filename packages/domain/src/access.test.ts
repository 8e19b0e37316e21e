import { describe, expect, it } from 'vitest';
import { decide, type Facts } from './access.ts';
import type { MeetingStatus } from './meeting.ts';
import type { Role } from './roles.ts';

const meeting = (status: MeetingStatus, report: { finalised?: boolean; published?: boolean } = {}) => ({
  status,
  reportFinalised: report.finalised ?? false,
  reportPublished: report.published ?? false,
});

const document = (role: Role | null, facts: Omit<Facts, 'role'>) => ({
  read: decide('document', 'read', { role, ...facts }),
  write: decide('document', 'write', { role, ...facts }),
});

describe('the one access decision', () => {
  it('refuses a document of a kind that is not registered, for every role', () => {
    for (const role of ['secretariaat', 'gast', null] as const) {
      expect(document(role, {})).toEqual({ read: 'hidden', write: 'hidden' });
    }
  });

  it('lets a network’s writers make notes while it has room, and its gasten read the ones that exist', () => {
    const notes = (role: Role | null, exists: boolean, room: boolean) =>
      document(role, { documentKind: 'notes', notes: { exists, room } });
    expect(notes('deelnemer', false, true)).toEqual({ read: 'allow', write: 'allow' });
    expect(notes('deelnemer', true, false)).toEqual({ read: 'allow', write: 'allow' });
    expect(notes('deelnemer', false, false)).toEqual({ read: 'hidden', write: 'hidden' });
    expect(notes('gast', true, false)).toEqual({ read: 'allow', write: 'forbidden' });
    // A gast opening a new name would store a document: not even while there is room.
    expect(notes('gast', false, true).read).toBe('hidden');
    expect(notes(null, true, true).read).toBe('hidden');
  });

  it('lets participants write session notes only while the meeting is live', () => {
    const notes = (role: Role, status: MeetingStatus) =>
      document(role, { documentKind: 'session-notes', meeting: meeting(status) });
    expect(notes('deelnemer', 'live')).toEqual({ read: 'allow', write: 'allow' });
    expect(notes('deelnemer', 'reporting')).toEqual({ read: 'allow', write: 'forbidden' });
    expect(notes('gast', 'live')).toEqual({ read: 'allow', write: 'forbidden' });
    expect(notes('deelnemer', 'preparation').read).toBe('hidden');
    expect(document('klankbordgroep', { documentKind: 'programme', meeting: meeting('preparation') }).write).toBe(
      'allow',
    );
  });

  it('makes a finalised verslag read-only for everyone, its secretariaat too', () => {
    const report = (finalised: boolean) =>
      document('secretariaat', { documentKind: 'report', meeting: meeting('reporting', { finalised }) });
    expect(report(false)).toEqual({ read: 'allow', write: 'allow' });
    expect(report(true)).toEqual({ read: 'allow', write: 'forbidden' });
  });

  it('shows a gast a verslag’s words only once its final version is published', () => {
    const gast = (published: boolean) =>
      decide('report', 'readFinal', { role: 'gast', meeting: meeting('closed', { finalised: true, published }) });
    expect(gast(false)).not.toBe('allow');
    expect(gast(true)).toBe('allow');
    expect(decide('report', 'read', { role: 'gast', meeting: meeting('closed', { published: true }) })).toBe(
      'forbidden',
    );
    // A deelnemer does not read the draft while the day is live.
    expect(decide('report', 'readFinal', { role: 'deelnemer', meeting: meeting('live') })).not.toBe('allow');
  });

  it('lets the authors of a voorbeeld and the klankbordgroep write it, and every other member read it', () => {
    const example = (role: Role | null, isAuthor: boolean) => document(role, { documentKind: 'example', isAuthor });
    expect(example('deelnemer', true)).toEqual({ read: 'allow', write: 'allow' });
    expect(example('deelnemer', false)).toEqual({ read: 'allow', write: 'forbidden' });
    expect(example('klankbordgroep', false).write).toBe('allow');
    expect(example('gast', true).write).toBe('forbidden');
    expect(example(null, true).read).toBe('hidden');
  });

  it('decides an act on an account by every network of that person, not by one', () => {
    const account = (standing: NonNullable<Facts['account']>) =>
      decide('account', 'manage', { role: null, account: standing });
    expect(account({ self: true, sharesNetwork: true, secretariatOfEvery: false })).toBe('allow');
    expect(account({ self: false, sharesNetwork: true, secretariatOfEvery: true })).toBe('allow');
    // The secretariaat of one shared network, where the person is also in a network it does not run.
    expect(account({ self: false, sharesNetwork: true, secretariatOfEvery: false })).toBe('forbidden');
    expect(account({ self: false, sharesNetwork: false, secretariatOfEvery: false })).toBe('hidden');
  });

  it('lets the member an afspraak is for mark it done, and only that', () => {
    const facts = { role: 'deelnemer' as const, meeting: meeting('closed'), isOwner: true };
    expect(decide('afspraak', 'updateStatus', facts)).toBe('allow');
    expect(decide('afspraak', 'update', facts)).toBe('forbidden');
    expect(decide('afspraak', 'updateStatus', { ...facts, isOwner: false })).toBe('forbidden');
    expect(decide('afspraak', 'view', { ...facts, meeting: meeting('preparation') })).toBe('hidden');
  });

  it('lets a guest with a turned-on day code vote only on an open stelling, on the day, while the meeting is live', () => {
    const guest = (status: MeetingStatus, facts: Partial<NonNullable<Facts['guestVote']>> = {}) =>
      decide('statement', 'guestVote', {
        role: null,
        meeting: meeting(status),
        guestVote: { dayCodeActive: true, votingOpen: true, meetingToday: true, ...facts },
      });
    expect(guest('live')).toBe('allow');
    expect(guest('live', { dayCodeActive: false })).toBe('hidden');
    expect(guest('live', { votingOpen: false })).toBe('forbidden');
    expect(guest('live', { meetingToday: false })).toBe('forbidden');
    expect(guest('reporting')).toBe('forbidden');
    expect(guest('published')).toBe('forbidden');
    // Without the facts of a day code there is no guest: a member's role alone never reaches this need.
    expect(decide('statement', 'guestVote', { role: 'secretariaat', meeting: meeting('live') })).toBe('hidden');
  });
});

/**
 * The permission matrix: which role in a network may do what. The only place that says so — the REST API,
 * the collaboration endpoint and the web app's controls all ask `can()`.
 */

/** A member's role in a network, most to least trusted. */
export const roles = ['secretariaat', 'klankbordgroep', 'deelnemer', 'gast'] as const;
export type Role = (typeof roles)[number];

import type { MeetingStatus } from './meeting.ts';

/** Everything the matrix decides about a network as a whole. */
export const actions = [
  'network.view',
  'network.edit',
  'network.create',
  'organisation.manage',
  'member.list',
  'member.invite',
  'member.changeRole',
  'member.remove',
  'member.resetPassword',
  'audit.view',
  'document.read',
  'document.write',
  'meeting.create',
  'afspraak.list',
  'afspraak.update',
  'example.create',
  'example.editAny',
  'example.curateTags',
  'topic.curate',
  'example.mark',
  'discussion.moderate',
  'barrierReport.handle',
] as const;
export type Action = (typeof actions)[number];

const everyone: readonly Role[] = roles;
const writers: readonly Role[] = ['secretariaat', 'klankbordgroep', 'deelnemer'];
const secretariat: readonly Role[] = ['secretariaat'];
/** The klankbordgroep prepares a netwerkdag together with the secretariat. */
const preparers: readonly Role[] = ['secretariaat', 'klankbordgroep'];
const nobody: readonly Role[] = [];

const matrix: Record<Action, readonly Role[]> = {
  'network.view': everyone,
  'network.edit': secretariat,
  // Creating a network or editing the organisations is done by a secretariaat of any network.
  'network.create': secretariat,
  'organisation.manage': secretariat,
  'member.list': everyone,
  'member.invite': secretariat,
  'member.changeRole': secretariat,
  'member.remove': secretariat,
  'member.resetPassword': secretariat,
  'audit.view': secretariat,
  'document.read': everyone,
  // A gast reads and never writes; a removed member has no role and so no access at all.
  'document.write': writers,
  'meeting.create': preparers,
  // The network's afspraken across meetings: everyone sees them; the people who prepare meetings follow them up.
  'afspraak.list': everyone,
  'afspraak.update': preparers,
  // Goede voorbeelden: participants add them and mark the ones that helped them too; their authors and the
  // klankbordgroep edit them; the secretariat keeps the list of tags.
  'example.create': writers,
  'example.editAny': preparers,
  'example.curateTags': secretariat,
  // The theme timeline's recurring topics: every member reads them (network.view); the secretariat keeps them.
  'topic.curate': secretariat,
  'example.mark': writers,
  // Deleting anyone's message in a thread of the network itself (beside a voorbeeld).
  'discussion.moderate': secretariat,
  // Reading and handling the barrier reports of the accessibility statement: the secretariaat of any network.
  'barrierReport.handle': secretariat,
};

/** True when a member with this role (null: not a member) may perform the action. */
export function can(role: Role | null | undefined, action: Action): boolean {
  return role ? matrix[action].includes(role) : false;
}

/** True when any of these roles (a user's roles across networks) may perform the action. */
export function canAnywhere(memberRoles: readonly Role[], action: Action): boolean {
  return memberRoles.some((role) => can(role, action));
}

/** True when the value is one of the roles. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** Everything the matrix decides about one meeting; the answer depends on the meeting's status too. */
export const meetingActions = [
  'meeting.view',
  'meeting.edit',
  'programme.view',
  'programme.edit',
  'theme.view',
  'theme.propose',
  'theme.support',
  'theme.choose',
  'theme.moderate',
  'session.manage',
  'session.join',
  'session.notes',
  'statement.manage',
  'statement.openVoting',
  'statement.vote',
  'discussion.post',
  'discussion.moderate',
  'report.view',
  'report.edit',
  'report.comment',
  'report.decideSuggestion',
  'report.finalise',
  'report.reopen',
  'report.publish',
  'report.readPublished',
  'report.nameAttendees',
  'afspraak.create',
] as const;
export type MeetingAction = (typeof meetingActions)[number];

type ByStatus = Record<MeetingStatus, readonly Role[]>;
const always = (roles: readonly Role[]): ByStatus => ({
  preparation: roles,
  published: roles,
  live: roles,
  reporting: roles,
  closed: roles,
});

// Rows: what; columns: the meeting's status. Before the programme is published, only the people who
// prepare the meeting see it at all.
const meetingMatrix: Record<MeetingAction, ByStatus> = {
  'meeting.view': { ...always(everyone), preparation: preparers },
  'meeting.edit': {
    preparation: preparers,
    published: preparers,
    live: secretariat,
    reporting: secretariat,
    closed: nobody,
  },
  'programme.view': { ...always(everyone), preparation: preparers },
  'programme.edit': {
    preparation: preparers,
    published: preparers,
    live: secretariat,
    reporting: nobody,
    closed: nobody,
  },
  'theme.view': { ...always(everyone), preparation: preparers },
  'theme.propose': { ...always(nobody), preparation: preparers },
  'theme.support': { ...always(nobody), preparation: preparers },
  'theme.choose': { ...always(nobody), preparation: preparers },
  // Editing or withdrawing someone else's proposal.
  'theme.moderate': { ...always(nobody), preparation: secretariat },
  'session.manage': {
    preparation: preparers,
    published: preparers,
    live: secretariat,
    reporting: nobody,
    closed: nobody,
  },
  'session.join': { ...always(nobody), published: writers, live: writers },
  // During the day everyone who takes part writes the notes; afterwards the rapporteurs' editors finish them.
  'session.notes': { ...always(nobody), live: writers, reporting: preparers },
  'statement.manage': {
    preparation: preparers,
    published: preparers,
    live: secretariat,
    reporting: nobody,
    closed: nobody,
  },
  'statement.openVoting': { ...always(nobody), live: secretariat },
  'statement.vote': { ...always(nobody), live: writers },
  'discussion.post': { ...always(writers), preparation: preparers, closed: nobody },
  'discussion.moderate': always(secretariat),
  // The secretariat may start the verslag during the day; afterwards the preparers write it and the participants
  // read along and comment. A gast reads the verslag only once it is published.
  'report.view': { ...always(nobody), live: preparers, reporting: writers, closed: writers },
  'report.edit': { ...always(nobody), live: secretariat, reporting: preparers },
  // Comments are anchored beside the text, not in it: commenting needs no right to write the text.
  'report.comment': { ...always(nobody), live: secretariat, reporting: writers },
  // A suggestion is proposed by whoever may comment; only the secretariat, who finalises, takes it into the text.
  'report.decideSuggestion': { ...always(nobody), reporting: secretariat },
  // Finalising, reopening and publishing: the secretariat's, once the day is over.
  'report.finalise': { ...always(nobody), reporting: secretariat },
  'report.reopen': { ...always(nobody), reporting: secretariat },
  'report.publish': { ...always(nobody), reporting: secretariat, closed: secretariat },
  // A published verslag (its final version) is for every member; the route also checks that it is published.
  'report.readPublished': { ...always(nobody), reporting: everyone, closed: everyone },
  // Who came is personal data: an export names people in its presentielijst only when the secretariat asks.
  'report.nameAttendees': { ...always(nobody), live: secretariat, reporting: secretariat, closed: secretariat },
  // An afspraak is marked on a passage of the verslag, by whoever writes it.
  'afspraak.create': { ...always(nobody), live: secretariat, reporting: preparers },
};

/** True when a member with this role may perform the action on a meeting in this status. */
export function canInMeeting(role: Role | null | undefined, action: MeetingAction, status: MeetingStatus): boolean {
  return role ? meetingMatrix[action][status].includes(role) : false;
}

// Which status may follow which, and who may make that move. Moving back is for the secretariat only.
const transitions: Partial<Record<`${MeetingStatus}>${MeetingStatus}`, readonly Role[]>> = {
  'preparation>published': preparers,
  'published>preparation': secretariat,
  'published>live': secretariat,
  'live>published': secretariat,
  'live>reporting': secretariat,
  'reporting>closed': secretariat,
  'closed>reporting': secretariat,
};

/** True when a member with this role may move a meeting from one status to the other. */
export function canTransition(role: Role | null | undefined, from: MeetingStatus, to: MeetingStatus): boolean {
  return role ? (transitions[`${from}>${to}`]?.includes(role) ?? false) : false;
}

/**
 * The one access decision. Every protected thing has an address; what may be done with it is a need; the
 * server looks up the facts an address depends on (the caller's role in its network, the meeting's status, a
 * finalised or published verslag, authorship) and asks `decide`. The matrices in roles.ts and discussion.ts
 * say which role may do what; this file says which of them applies to which address. Nothing else decides.
 */
import type { AttachmentTarget } from './attachment.ts';
import { canInSubject, type SubjectKind } from './discussion.ts';
import { type DocumentKind, documentKinds } from './document-kinds.ts';
import { statusAllowsVoting } from './guest-vote.ts';
import type { MeetingStatus } from './meeting.ts';
import { type Action, can, canAnywhere, canInMeeting, type MeetingAction, type Role } from './roles.ts';

/** Every protected thing. */
export type Address =
  /** A network as a whole: its members, invitations, audit log, afspraken list, voorbeelden list, theme timeline. */
  | { type: 'network'; slug: string }
  /** A meeting and what hangs off it that is not addressed on its own (themes, statements, programme items). */
  | { type: 'meeting'; meetingId: number }
  /** A meeting's verslag: its text as it is now, its published final version, its changes. */
  | { type: 'report'; meetingId: number }
  /** A collaborative document, by name (see document-kinds.ts). */
  | { type: 'document'; name: string }
  /** A discussion thread. */
  | { type: 'thread'; threadId: number }
  /** The threads beside a subject, before one exists. */
  | { type: 'subject'; kind: SubjectKind; networkId: number; meetingId: number | null }
  /** The files attached to a voorbeeld, a meeting or a verslag. */
  | { type: 'attachments'; target: AttachmentTarget }
  /** A goed voorbeeld. */
  | { type: 'example'; exampleId: number }
  /** One afspraak. */
  | { type: 'afspraak'; afspraakId: number }
  /** A network's live event stream. */
  | { type: 'events'; slug: string }
  /** A person's account as a whole: its password, its e-mail, its existence. */
  | { type: 'account'; userId: number }
  /** One stelling, as a guest without an account reaches it through a day code (guest-vote.ts). */
  | { type: 'statement'; statementId: number }
  /** How an organisation's people sign in: its own identity provider, and whether a password still works. */
  | { type: 'signIn'; organisationId: number }
  /** The barrier reports of the accessibility statement: one list for the whole site, not of one network. */
  | { type: 'barrierReports' };

export type AddressType = Address['type'];

/** What may be asked of each kind of address. */
export interface Needs {
  network: Action;
  meeting: MeetingAction;
  /** read: the text as it is now; readFinal: the published final version; write: change it (never once final). */
  report: 'read' | 'readFinal' | 'write';
  document: 'read' | 'write';
  thread: 'view' | 'post' | 'moderate';
  subject: 'view' | 'post' | 'moderate';
  attachments: 'read' | 'write';
  example: 'read' | 'write' | 'mark';
  /** update: every field; updateStatus: only done / open, which the member it is for may do too. */
  afspraak: 'view' | 'update' | 'updateStatus';
  events: 'subscribe';
  /** Reset its password, change its e-mail, remove it. */
  account: 'manage';
  /** guestVote: a guest in the room takes a position through the netwerkdag's day code. */
  statement: 'guestVote';
  /** configureProvider: set its identity provider; setPasswordSignIn: turn the local password on or off. */
  signIn: 'configureProvider' | 'setPasswordSignIn';
  /** submit: anyone, signed in or not, reports a barrier; read and handle: the list and its open/handled state. */
  barrierReports: 'submit' | 'read' | 'handle';
}
export type Need<T extends AddressType = AddressType> = Needs[T];

/** A meeting as access sees it. */
export interface MeetingFacts {
  status: MeetingStatus;
  reportFinalised: boolean;
  reportPublished: boolean;
}

/**
 * What an address's answer depends on, looked up by the server. `role` is the caller's role in the network
 * the address belongs to (null: not a member, or the address does not exist).
 */
export interface Facts {
  role: Role | null;
  meeting?: MeetingFacts | null;
  /** The document's kind, for a document address. */
  documentKind?: DocumentKind;
  /** For a goed voorbeeld (or its document or files): the caller added it or is its contact. */
  isAuthor?: boolean;
  /** For an afspraak: it is the caller's own. */
  isOwner?: boolean;
  /** For a notes document: whether it exists, and whether the network may hold one more. */
  notes?: { exists: boolean; room: boolean };
  /** For an account: the caller's own, and the caller's standing in the networks of that person. */
  account?: { self: boolean; sharesNetwork: boolean; secretariatOfEvery: boolean };
  /**
   * For a guest's vote (no account, no role): the day code they came with is the meeting's and turned on, the
   * stelling's voting is open, and it is one of the meeting's dates in the Netherlands.
   */
  guestVote?: { dayCodeActive: boolean; votingOpen: boolean; meetingToday: boolean };
  /**
   * For an organisation's sign-in: it exists, it has an identity provider, and the caller is secretariaat of
   * every network that any account the provider speaks for belongs to (and of at least one).
   */
  signIn?: { exists: boolean; hasProvider: boolean; secretariatOfEvery: boolean };
  /** For the site-wide barrier reports: the caller's roles in every network they belong to (none when signed out). */
  rolesAnywhere?: readonly Role[];
}

/**
 * allow; hidden (the caller may not know it exists: answered as not found); forbidden (they see it, but may
 * not do this).
 */
export type Decision = 'allow' | 'hidden' | 'forbidden';

const yesOr = (allowed: boolean, otherwise: Decision): Decision => (allowed ? 'allow' : otherwise);

/** A meeting's thing: hidden from whoever may not see the meeting, else allowed by the meeting matrix. */
function inMeeting(facts: Facts, action: MeetingAction): Decision {
  const status = facts.meeting?.status;
  if (!status || !canInMeeting(facts.role, 'meeting.view', status)) return 'hidden';
  return yesOr(canInMeeting(facts.role, action, status), 'forbidden');
}

function report(facts: Facts, need: Needs['report']): Decision {
  const meeting = facts.meeting;
  if (!meeting) return 'hidden';
  if (need === 'write') {
    const seen = inMeeting(facts, 'report.view');
    if (seen === 'hidden') return 'hidden';
    return yesOr(!meeting.reportFinalised && inMeeting(facts, 'report.edit') === 'allow', 'forbidden');
  }
  const draft = inMeeting(facts, 'report.view');
  if (need === 'read' || draft === 'allow') return draft;
  // The published final version is for every member, a gast too; a draft is not. Before it is published there
  // is nothing to read: not found.
  if (inMeeting(facts, 'report.readPublished') !== 'allow') return draft;
  return meeting.reportPublished ? 'allow' : 'hidden';
}

function example(facts: Facts, need: Needs['example']): Decision {
  if (!can(facts.role, 'network.view')) return 'hidden';
  if (need === 'read') return 'allow';
  if (need === 'mark') return yesOr(can(facts.role, 'example.mark'), 'forbidden');
  const writes = can(facts.role, 'example.editAny') || (facts.isAuthor === true && can(facts.role, 'example.create'));
  return yesOr(writes, 'forbidden');
}

function document(facts: Facts, need: Needs['document']): Decision {
  const kind = facts.documentKind;
  // What is not registered is refused, for everyone.
  if (!kind) return 'hidden';
  if (kind === 'example') return example(facts, need);
  if (kind === 'report') return report(facts, need);
  const guard = documentKinds[kind];
  if (guard.belongsTo === 'network') {
    // Opening a document stores its row: only its writers make a new one, and only while the network has room,
    // so names are no way to store without bound, and a reader (a gast) stores nothing at all.
    const notes = facts.notes ?? { exists: false, room: false };
    const writes = can(facts.role, guard.write) && (notes.exists || notes.room);
    if (!can(facts.role, guard.read) || !(notes.exists || writes)) return 'hidden';
    return need === 'read' ? 'allow' : yesOr(writes, 'forbidden');
  }
  return inMeeting(facts, need === 'read' ? guard.read : guard.write);
}

function subject(facts: Facts, kind: SubjectKind, need: Needs['subject']): Decision {
  const status = facts.meeting === undefined ? null : (facts.meeting?.status ?? null);
  if (facts.meeting === null) return 'hidden';
  if (!canInSubject(facts.role, kind, 'view', status)) return 'hidden';
  return yesOr(canInSubject(facts.role, kind, need, status), 'forbidden');
}

function attachments(facts: Facts, target: AttachmentTarget, need: Needs['attachments']): Decision {
  if (target.kind === 'example') return example(facts, need);
  if (target.kind === 'report') return report(facts, need);
  return inMeeting(facts, need === 'read' ? 'meeting.view' : 'meeting.edit');
}

function account(facts: Facts): Decision {
  const standing = facts.account;
  if (!standing) return 'hidden';
  if (standing.self) return 'allow';
  // An act on a whole account needs authority over every network that person belongs to: the secretariaat of
  // one network may not take over someone who is also secretariaat, or member, of a network it does not run.
  if (!standing.sharesNetwork) return 'hidden';
  return yesOr(standing.secretariatOfEvery, 'forbidden');
}

/**
 * A guest's vote: whoever lacks a turned-on day code of this meeting does not know the stelling exists; with one,
 * a vote counts only on an open stelling, on the day, while the meeting's status lets members vote too.
 */
function guestVote(facts: Facts): Decision {
  const guest = facts.guestVote;
  const status = facts.meeting?.status;
  if (!guest?.dayCodeActive || !status) return 'hidden';
  return yesOr(guest.votingOpen && guest.meetingToday && statusAllowsVoting(status), 'forbidden');
}

/**
 * Barrier reports: everyone may report one (the accessibility statement must reach people without an account
 * too); only a secretariaat, of any network, reads and handles them.
 */
function barrierReports(facts: Facts, need: Needs['barrierReports']): Decision {
  if (need === 'submit') return 'allow';
  return yesOr(canAnywhere(facts.rolesAnywhere ?? [], 'barrierReport.handle'), 'forbidden');
}

/**
 * An organisation's sign-in. Whoever points an organisation at an identity provider can sign in as any of the
 * accounts in its domains, so no role of any network may do it: only the operator, at the server's command line
 * (`pnpm cli identity-provider`). Turning the password off changes how each of its accounts signs in, so it
 * needs authority over every network those accounts belong to, as an act on a whole account does.
 */
function signIn(facts: Facts, need: Needs['signIn']): Decision {
  const standing = facts.signIn;
  if (!standing?.exists) return 'hidden';
  if (need === 'configureProvider') return 'forbidden';
  return yesOr(standing.hasProvider && standing.secretariatOfEvery, 'forbidden');
}

/**
 * Decides whether the need may be met on the address, given its facts. `subjectKind` is the discussion
 * subject's kind for a thread or subject address.
 */
export function decide<T extends AddressType>(
  type: T,
  need: Need<T>,
  facts: Facts,
  context: { subjectKind?: SubjectKind | undefined; attachmentTarget?: AttachmentTarget | undefined } = {},
): Decision {
  switch (type) {
    case 'network':
      return facts.role === null ? 'hidden' : yesOr(can(facts.role, need as Action), 'forbidden');
    case 'events':
      return yesOr(can(facts.role, 'network.view'), 'hidden');
    case 'meeting':
      return inMeeting(facts, need as MeetingAction);
    case 'report':
      return report(facts, need as Needs['report']);
    case 'document':
      return document(facts, need as Needs['document']);
    case 'thread':
    case 'subject':
      return context.subjectKind ? subject(facts, context.subjectKind, need as Needs['subject']) : 'hidden';
    case 'attachments':
      return context.attachmentTarget
        ? attachments(facts, context.attachmentTarget, need as Needs['attachments'])
        : 'hidden';
    case 'example':
      return example(facts, need as Needs['example']);
    case 'afspraak': {
      const seen = inMeeting(facts, 'meeting.view');
      if (seen !== 'allow' || need === 'view') return seen;
      const updates = can(facts.role, 'afspraak.update');
      return yesOr(updates || (need === 'updateStatus' && facts.isOwner === true), 'forbidden');
    }
    case 'account':
      return account(facts);
    case 'statement':
      return guestVote(facts);
    case 'signIn':
      return signIn(facts, need as Needs['signIn']);
    case 'barrierReports':
      return barrierReports(facts, need as Needs['barrierReports']);
  }
  return 'hidden';
}

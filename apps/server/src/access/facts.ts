import {
  type Afspraak,
  countDocuments,
  type Db,
  type Example,
  findAfspraak,
  findDocument,
  findExample,
  findIdentityProvider,
  findMeeting,
  findMeetingSession,
  findNetwork,
  findNetworkById,
  findOrganisation,
  findReport,
  findRole,
  findThread,
  listAccountsOfIdentityProvider,
  listNetworksOfUser,
  listRolesOfUser,
  type Meeting,
  type NetworkRow,
  type ThreadRow,
} from '@klankbord/db';
import {
  type Address,
  type AttachmentTarget,
  type Facts,
  isRole,
  type MeetingStatus,
  NETWORK_NOTES_MAX,
  parseDocumentTarget,
  type Role,
  type SubjectKind,
} from '@klankbord/domain';

/**
 * The facts of a meeting for a need that depends on its status alone (seeing the meeting, reading
 * its draft verslag), not on whether the verslag is final or published.
 */
export function meetingInStatus(status: MeetingStatus): NonNullable<Facts['meeting']> {
  return { status, reportFinalised: false, reportPublished: false };
}

/** What an address was found to be: the facts for the decision, and the rows a route goes on with. */
export interface Resolved {
  facts: Facts;
  network: NetworkRow | null;
  meeting: Meeting | null;
  example: Example | null;
  thread: ThreadRow | null;
  afspraak: Afspraak | null;
  subjectKind?: SubjectKind;
  attachmentTarget?: AttachmentTarget;
}

const nothing: Resolved = {
  facts: { role: null },
  network: null,
  meeting: null,
  example: null,
  thread: null,
  afspraak: null,
};

/** The role a user has in a network, or null (not a member, or a role the matrix does not know). */
export async function roleIn(db: Db, networkId: number, userId: number): Promise<Role | null> {
  const role = await findRole(db, networkId, userId);
  return isRole(role) ? role : null;
}

async function inNetwork(db: Db, network: NetworkRow | undefined, userId: number): Promise<Resolved> {
  if (!network) return nothing;
  return { ...nothing, network, facts: { role: await roleIn(db, network.id, userId) } };
}

/** A meeting with its network, the caller's role there and the state of its verslag. */
async function ofMeeting(db: Db, meeting: Meeting | undefined, userId: number): Promise<Resolved> {
  if (!meeting) return { ...nothing, facts: { role: null, meeting: null } };
  const network = await findNetworkById(db, meeting.network_id);
  if (!network) return { ...nothing, facts: { role: null, meeting: null } };
  const report = await findReport(db, meeting.id);
  return {
    ...nothing,
    network,
    meeting,
    facts: {
      role: await roleIn(db, network.id, userId),
      meeting: {
        status: meeting.status,
        reportFinalised: (report?.finalised_at ?? null) !== null,
        reportPublished: (report?.published_at ?? null) !== null && report?.final_version_id != null,
      },
    },
  };
}

async function ofExample(db: Db, example: Example | undefined, userId: number): Promise<Resolved> {
  if (!example) return nothing;
  const network = await findNetworkById(db, example.networkId);
  if (!network) return nothing;
  const isAuthor = example.createdBy === userId || example.contact?.id === userId;
  return { ...nothing, network, example, facts: { role: await roleIn(db, network.id, userId), isAuthor } };
}

/** A document's facts: its kind must be registered and what it belongs to must exist in the network it names. */
async function ofDocument(db: Db, name: string, userId: number): Promise<Resolved> {
  const target = parseDocumentTarget(name);
  const network = target ? await findNetwork(db, target.networkSlug) : undefined;
  if (!target || !network) return nothing;
  const inThisNetwork = (resolved: Resolved): Resolved =>
    resolved.network?.id === network.id
      ? { ...resolved, facts: { ...resolved.facts, documentKind: target.kind } }
      : nothing;
  switch (target.kind) {
    case 'programme':
    case 'report':
      return inThisNetwork(await ofMeeting(db, await findMeeting(db, target.meetingId), userId));
    case 'session-notes': {
      // A session exists for access once the programme that holds it has been projected.
      const session = await findMeetingSession(db, target.sessionId);
      return inThisNetwork(await ofMeeting(db, session && (await findMeeting(db, session.meetingId)), userId));
    }
    case 'example':
      return inThisNetwork(await ofExample(db, await findExample(db, target.exampleId), userId));
    case 'notes': {
      const exists = (await findDocument(db, name)) !== undefined;
      const room = !exists && (await countDocuments(db, 'notes', network.slug)) < NETWORK_NOTES_MAX;
      const resolved = await inNetwork(db, network, userId);
      return { ...resolved, facts: { ...resolved.facts, documentKind: 'notes', notes: { exists, room } } };
    }
  }
}

/** The caller's standing towards a person's whole account. */
async function ofAccount(db: Db, targetUserId: number, userId: number): Promise<Resolved> {
  if (targetUserId === userId) {
    return {
      ...nothing,
      facts: { role: null, account: { self: true, sharesNetwork: true, secretariatOfEvery: true } },
    };
  }
  const theirs = await listNetworksOfUser(db, targetUserId);
  const mine = new Map((await listNetworksOfUser(db, userId)).map((network) => [network.id, network.role]));
  const sharesNetwork = theirs.some((network) => mine.has(network.id));
  const secretariatOfEvery = theirs.length > 0 && theirs.every((network) => mine.get(network.id) === 'secretariaat');
  return { ...nothing, facts: { role: null, account: { self: false, sharesNetwork, secretariatOfEvery } } };
}

/** The caller's standing towards how an organisation's people sign in (see signIn in access.ts). */
async function ofSignIn(db: Db, organisationId: number, userId: number): Promise<Resolved> {
  const exists = (await findOrganisation(db, organisationId)) !== undefined;
  const hasProvider = exists && (await findIdentityProvider(db, organisationId)) !== undefined;
  const mine = new Map((await listNetworksOfUser(db, userId)).map((network) => [network.id, network.role]));
  const theirs = new Set<number>();
  for (const accountId of hasProvider ? await listAccountsOfIdentityProvider(db, organisationId) : []) {
    for (const network of await listNetworksOfUser(db, accountId)) theirs.add(network.id);
  }
  const secretariatOfEvery = theirs.size > 0 && [...theirs].every((id) => mine.get(id) === 'secretariaat');
  return { ...nothing, facts: { role: null, signIn: { exists, hasProvider, secretariatOfEvery } } };
}

/** Looks up everything the decision about an address depends on, for the user asking. */
export async function resolveAddress(db: Db, address: Address, userId: number): Promise<Resolved> {
  switch (address.type) {
    case 'network':
    case 'events':
      return inNetwork(db, await findNetwork(db, address.slug), userId);
    case 'meeting':
    case 'report':
      return ofMeeting(db, await findMeeting(db, address.meetingId), userId);
    case 'document':
      return ofDocument(db, address.name, userId);
    case 'example':
      return ofExample(db, await findExample(db, address.exampleId, userId), userId);
    case 'thread': {
      const thread = await findThread(db, address.threadId);
      if (!thread) return nothing;
      const scope = await ofScope(db, thread.network_id, thread.meeting_id, userId);
      return { ...scope, thread, subjectKind: thread.subject_kind };
    }
    case 'subject':
      return { ...(await ofScope(db, address.networkId, address.meetingId, userId)), subjectKind: address.kind };
    case 'attachments': {
      const { target } = address;
      const resolved =
        target.kind === 'example'
          ? await ofExample(db, await findExample(db, target.id), userId)
          : await ofMeeting(db, await findMeeting(db, target.id), userId);
      return { ...resolved, attachmentTarget: target };
    }
    case 'afspraak': {
      const afspraak = await findAfspraak(db, address.afspraakId);
      if (!afspraak) return nothing;
      const resolved = await ofMeeting(db, await findMeeting(db, afspraak.meeting.id), userId);
      const isOwner = afspraak.owner?.kind === 'member' && afspraak.owner.id === userId;
      return { ...resolved, afspraak, facts: { ...resolved.facts, isOwner } };
    }
    case 'account':
      return ofAccount(db, address.userId, userId);
    case 'signIn':
      return ofSignIn(db, address.organisationId, userId);
    case 'statement':
      // Only guests vote through this address, and their facts come from a day code (routes/guest-votes.ts).
      return nothing;
    case 'barrierReports':
      return { ...nothing, facts: { role: null, rolesAnywhere: (await listRolesOfUser(db, userId)).filter(isRole) } };
  }
}

/** A thread's scope: its meeting when it has one, else its network. */
async function ofScope(db: Db, networkId: number, meetingId: number | null, userId: number): Promise<Resolved> {
  if (meetingId !== null) {
    const resolved = await ofMeeting(db, await findMeeting(db, meetingId), userId);
    return resolved.network?.id === networkId ? resolved : { ...nothing, facts: { role: null, meeting: null } };
  }
  return inNetwork(db, await findNetworkById(db, networkId), userId);
}

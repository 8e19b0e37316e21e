import { type Db, listRolesOfUser, type Meeting, type NetworkRow } from '@klankbord/db';
import {
  type Action,
  type Address,
  type AddressType,
  canAnywhere,
  type Decision,
  decide,
  isRole,
  type MeetingAction,
  type MeetingStatus,
  type Need,
  type Role,
  type SubjectKind,
} from '@klankbord/domain';
import type { Principal } from '../env.ts';
import { fail } from '../errors.ts';
import { meetingInStatus, type Resolved, resolveAddress } from './facts.ts';

/** What a granted request goes on with: who asked, their role, and the rows the address was found to be. */
export interface Grant extends Omit<Resolved, 'facts'> {
  principal: Principal;
  role: Role | null;
}

/**
 * The one access decision of the server: may this principal meet this need on this address? Every REST
 * route, the collaboration endpoint, the event stream, search and the exports ask it. Answers with the
 * decision and what the address was found to be; throws nothing.
 */
export async function decideAccess<T extends AddressType>(
  db: Db,
  principal: Principal,
  address: Address & { type: T },
  need: Need<T>,
): Promise<{ decision: Decision; grant: Grant }> {
  const { decisions, grant } = await decideNeeds(db, principal, address, [need]);
  return { decision: decisions.get(need) ?? 'hidden', grant };
}

/**
 * decideAccess for several needs of one address (may this caller read it, and write it?), looking its facts
 * up once: what the collaboration endpoint asks on every connect.
 */
export async function decideNeeds<T extends AddressType>(
  db: Db,
  principal: Principal,
  address: Address & { type: T },
  needs: readonly Need<T>[],
): Promise<{ decisions: Map<Need<T>, Decision>; grant: Grant }> {
  const { facts, ...found } = await resolveAddress(db, address, principal.user.id);
  const context = { subjectKind: found.subjectKind, attachmentTarget: found.attachmentTarget };
  const decisions = new Map(needs.map((need) => [need, decide(address.type, need, facts, context)] as const));
  return { decisions, grant: { ...found, principal, role: facts.role } };
}

/**
 * Like decideAccess, for a route: 401 without a principal, 404 for whoever may not know the address exists
 * (an outsider, a deelnemer before a programme is published), 403 for whoever sees it but may not do this.
 */
export async function authorise<T extends AddressType>(
  db: Db,
  principal: Principal | null,
  address: Address & { type: T },
  need: Need<T>,
): Promise<Grant> {
  if (!principal) fail(401, 'unauthorised');
  const { decision, grant } = await decideAccess(db, principal, address, need);
  refuseUnlessAllowed(decision);
  return grant;
}

/** A route's answer to a decision: 404 when hidden, 403 when forbidden, nothing when allowed. */
export function refuseUnlessAllowed(decision: Decision | undefined): void {
  if (decision === 'forbidden') fail(403, 'forbidden');
  if (decision !== 'allow') fail(404, 'not_found');
}

/** A member's standing in a network, as network routes use it. */
export interface NetworkAccess {
  network: NetworkRow;
  role: Role;
  principal: Principal;
}

/** A member's standing towards one meeting. */
export interface MeetingAccess extends NetworkAccess {
  meeting: Meeting;
}

/** authorise() on a network's address, typed for network routes. */
export async function authoriseNetwork(
  db: Db,
  principal: Principal | null,
  slug: string,
  action: Action,
): Promise<NetworkAccess> {
  const grant = await authorise(db, principal, { type: 'network', slug }, action);
  return { network: grant.network!, role: grant.role!, principal: grant.principal };
}

/** authorise() on a meeting's address, typed for meeting routes. */
export async function authoriseMeeting(
  db: Db,
  principal: Principal | null,
  meetingId: number,
  action: MeetingAction,
): Promise<MeetingAccess> {
  const grant = await authorise(db, principal, { type: 'meeting', meetingId }, action);
  return { network: grant.network!, role: grant.role!, principal: grant.principal, meeting: grant.meeting! };
}

/** Checks an act that is not tied to one network (managing organisations, creating a network). */
export async function authoriseAnywhere(db: Db, principal: Principal | null, action: Action): Promise<Principal> {
  if (!principal) fail(401, 'unauthorised');
  const roles = (await listRolesOfUser(db, principal.user.id)).filter(isRole);
  if (!canAnywhere(roles, action)) fail(403, 'forbidden');
  return principal;
}

/**
 * The one decision for a role towards a meeting in a status, for lists and flags whose rows carry their
 * meeting's status already (an archive, the overview, what the web app may offer).
 */
export function mayInMeeting(role: Role | null, need: MeetingAction, status: MeetingStatus): boolean {
  return decide('meeting', need, { role, meeting: meetingInStatus(status) }) === 'allow';
}

/** The one decision for a role towards a discussion subject's threads, for lists whose rows carry their status. */
export function mayInSubject(
  role: Role | null,
  kind: SubjectKind,
  need: Need<'subject'>,
  status: MeetingStatus | null,
): boolean {
  const facts = status === null ? { role } : { role, meeting: meetingInStatus(status) };
  return decide('subject', need, facts, { subjectKind: kind }) === 'allow';
}

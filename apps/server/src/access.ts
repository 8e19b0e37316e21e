import {
  type Db,
  findMeeting,
  findNetwork,
  findNetworkById,
  findRole,
  listRolesOfUser,
  type Meeting,
  type NetworkRow,
} from '@klankbord/db';
import { type Action, can, canAnywhere, canInMeeting, isRole, type MeetingAction, type Role } from '@klankbord/domain';
import type { Principal } from './env.ts';
import { fail } from './errors.ts';

/** A member's standing in a network: what `authorise` hands to a route. */
export interface NetworkAccess {
  network: NetworkRow;
  role: Role;
  principal: Principal;
}

/** The role a user has in a network, or null (not a member, or a role the matrix does not know). */
export async function roleIn(db: Db, networkId: number, userId: number): Promise<Role | null> {
  const role = await findRole(db, networkId, userId);
  return isRole(role) ? role : null;
}

/**
 * Checks the permission matrix for an action in a network. Someone who is not a member gets 404 — a
 * network's existence is not revealed to outsiders — and a member whose role does not allow it gets 403.
 */
export async function authorise(
  db: Db,
  principal: Principal | null,
  slug: string,
  action: Action,
): Promise<NetworkAccess> {
  if (!principal) fail(401, 'unauthorised');
  const network = await findNetwork(db, slug);
  const role = network ? await roleIn(db, network.id, principal.user.id) : null;
  if (!network || !role) fail(404, 'not_found');
  if (!can(role, action)) fail(403, 'forbidden');
  return { network, role, principal };
}

/** Checks an action that is not tied to one network (managing organisations, creating a network). */
export async function authoriseAnywhere(db: Db, principal: Principal | null, action: Action): Promise<Principal> {
  if (!principal) fail(401, 'unauthorised');
  const roles = (await listRolesOfUser(db, principal.user.id)).filter(isRole);
  if (!canAnywhere(roles, action)) fail(403, 'forbidden');
  return principal;
}

/** A member's standing towards one meeting. */
export interface MeetingAccess extends NetworkAccess {
  meeting: Meeting;
}

/**
 * Checks the meeting matrix for an action on a meeting in its current status. Whoever may not even see
 * the meeting (not a member; a deelnemer while it is still in preparation) gets 404; whoever sees it but
 * may not do this gets 403.
 */
export async function authoriseMeeting(
  db: Db,
  principal: Principal | null,
  meetingId: number,
  action: MeetingAction,
): Promise<MeetingAccess> {
  if (!principal) fail(401, 'unauthorised');
  const meeting = await findMeeting(db, meetingId);
  const network = meeting ? await findNetworkById(db, meeting.network_id) : undefined;
  const role = network ? await roleIn(db, network.id, principal.user.id) : null;
  if (!meeting || !network || !role || !canInMeeting(role, 'meeting.view', meeting.status)) fail(404, 'not_found');
  if (!canInMeeting(role, action, meeting.status)) fail(403, 'forbidden');
  return { network, role, principal, meeting };
}

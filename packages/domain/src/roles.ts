/**
 * The permission matrix: which role in a network may do what. The only place that says so — the REST API,
 * the collaboration endpoint and the web app's controls all ask `can()`.
 */

/** A member's role in a network, most to least trusted. */
export const roles = ['secretariaat', 'klankbordgroep', 'deelnemer', 'gast'] as const;
export type Role = (typeof roles)[number];

/** Everything the matrix decides. Later issues add actions (meetings, statements, reports) here. */
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
] as const;
export type Action = (typeof actions)[number];

const everyone: readonly Role[] = roles;
const writers: readonly Role[] = ['secretariaat', 'klankbordgroep', 'deelnemer'];
const secretariat: readonly Role[] = ['secretariaat'];

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
};

/** True when a member with this role (null: not a member) may perform the action. */
export function can(role: Role | null | undefined, action: Action): boolean {
  return role ? matrix[action].includes(role) : false;
}

/** True when any of these roles (a user's roles across networks) may perform the action. */
export function canAnywhere(memberRoles: readonly Role[], action: Action): boolean {
  return memberRoles.some((role) => can(role, action));
}

/** What a member with this role may do with a collaborative document of the network. */
export function documentAccess(role: Role | null | undefined): 'none' | 'read' | 'write' {
  if (can(role, 'document.write')) return 'write';
  if (can(role, 'document.read')) return 'read';
  return 'none';
}

/** True when the value is one of the roles. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

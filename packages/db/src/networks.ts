import type { Role } from '@klankbord/domain';
import { type Db, inTransaction } from './connection.ts';
import type { NetworkRow } from './schema.ts';

/** A network with the role the asking user has in it. */
export interface NetworkWithRole extends NetworkRow {
  role: Role;
}

/** A member of a network as the members page shows them. */
export interface Member {
  userId: number;
  name: string;
  email: string;
  organisationId: number | null;
  organisationName: string | null;
  role: Role;
  since: number;
}

/** Creates a network; undefined when the slug is taken. */
export async function createNetwork(
  db: Db,
  network: { slug: string; name: string; purpose: string },
  now = Date.now(),
): Promise<NetworkRow | undefined> {
  return db
    .insertInto('networks')
    .values({ ...network, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Finds a network by slug. */
export async function findNetwork(db: Db, slug: string): Promise<NetworkRow | undefined> {
  return db.selectFrom('networks').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Finds a network by id. */
export async function findNetworkById(db: Db, id: number): Promise<NetworkRow | undefined> {
  return db.selectFrom('networks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every network. */
export async function listNetworks(db: Db): Promise<NetworkRow[]> {
  return db.selectFrom('networks').selectAll().orderBy('name').execute();
}

/** Updates a network's name and purpose. */
export async function updateNetwork(
  db: Db,
  id: number,
  fields: { name: string; purpose: string },
  now = Date.now(),
): Promise<NetworkRow | undefined> {
  return db
    .updateTable('networks')
    .set({ ...fields, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** The networks a user is a member of, with their role in each. */
export async function listNetworksOfUser(db: Db, userId: number): Promise<NetworkWithRole[]> {
  return db
    .selectFrom('networks')
    .innerJoin('memberships', 'memberships.network_id', 'networks.id')
    .selectAll('networks')
    .select('memberships.role')
    .where('memberships.user_id', '=', userId)
    .orderBy('networks.name')
    .execute();
}

/** A user's role in a network, or undefined when they are not a member. */
export async function findRole(db: Db, networkId: number, userId: number): Promise<Role | undefined> {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('network_id', '=', networkId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

/** Every role a user holds, across networks. */
export async function listRolesOfUser(db: Db, userId: number): Promise<Role[]> {
  const rows = await db.selectFrom('memberships').select('role').where('user_id', '=', userId).execute();
  return rows.map((row) => row.role);
}

/** Adds a member, or changes the role of an existing one. */
export async function putMember(
  db: Db,
  networkId: number,
  userId: number,
  role: Role,
  now = Date.now(),
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ network_id: networkId, user_id: userId, role, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['network_id', 'user_id']).doUpdateSet({ role, updated_at: now }))
    .execute();
}

/** Changes a member's role; false when they are not a member. */
export async function setRole(
  db: Db,
  networkId: number,
  userId: number,
  role: Role,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .updateTable('memberships')
    .set({ role, updated_at: now })
    .where('network_id', '=', networkId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Removes a member; false when they were not one. */
export async function removeMember(db: Db, networkId: number, userId: number): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const result = await trx
      .deleteFrom('memberships')
      .where('network_id', '=', networkId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    // What the network told them is no longer theirs to read: their notifications of it go with the membership.
    await trx.deleteFrom('notifications').where('network_id', '=', networkId).where('user_id', '=', userId).execute();
    return Number(result.numDeletedRows) > 0;
  });
}

/** How many members hold a role in a network (to keep at least one secretariaat). */
export async function countMembersWithRole(db: Db, networkId: number, role: Role): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('network_id', '=', networkId)
    .where('role', '=', role)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The members of a network, by name. */
export async function listMembers(db: Db, networkId: number): Promise<Member[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'users.id as userId',
      'users.name as name',
      'users.email as email',
      'users.organisation_id as organisationId',
      'organisations.name as organisationName',
      'memberships.role as role',
      'memberships.created_at as since',
    ])
    .where('memberships.network_id', '=', networkId)
    .orderBy('users.name')
    .execute();
}

import {
  countUsers,
  createUser,
  type Db,
  findNetwork,
  listNetworks,
  type PublicUser,
  putMember,
  runSerialised,
} from '@klankbord/db';
import type { Role } from '@klankbord/domain';
import { hashPassword } from './auth/passwords.ts';
import { indexPerson } from './search-index.ts';

/**
 * Creates the first account and makes it secretariaat of every network. Null when an account already
 * exists: checked inside the transaction, and that transaction runs alone (runSerialised: PostgreSQL would let two
 * transactions both count no users, even on two instances), so of two simultaneous set-ups only one wins.
 * Used by POST /api/setup and by the `setup` CLI command.
 */
export async function createFirstAccount(
  db: Db,
  input: { name: string; email: string; password: string; organisationId: number | null },
): Promise<PublicUser | null> {
  const passwordHash = await hashPassword(input.password);
  const first = await runSerialised(db, 'first-account', 0, () =>
    db.transaction().execute(async (trx) => {
      if ((await countUsers(trx)) > 0) return null;
      const user = await createUser(trx, { ...input, passwordHash });
      if (!user) return null;
      for (const network of await listNetworks(trx)) await putMember(trx, network.id, user.id, 'secretariaat');
      return user;
    }),
  );
  if (first) await indexPerson(db, first.id);
  return first;
}

/** Why addUser could not add the user. */
export type AddUserProblem = 'email.taken' | 'network.unknown';

/** Creates an account and makes it a member of a network with a role (the `add-user` CLI command). */
export async function addUser(
  db: Db,
  input: { name: string; email: string; password: string; organisationId: number | null; network: string; role: Role },
): Promise<PublicUser | AddUserProblem> {
  const network = await findNetwork(db, input.network);
  if (!network) return 'network.unknown';
  const passwordHash = await hashPassword(input.password);
  const user = await db.transaction().execute(async (trx) => {
    const created = await createUser(trx, { ...input, passwordHash });
    if (created) await putMember(trx, network.id, created.id, input.role);
    return created;
  });
  if (user) await indexPerson(db, user.id);
  return user ?? 'email.taken';
}

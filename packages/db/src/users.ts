import type { Db } from './connection.ts';
import type { UserRow } from './schema.ts';

/** A user as other people see them: no password hash. */
export type PublicUser = Omit<UserRow, 'password_hash'>;

const publicColumns = ['id', 'email', 'name', 'organisation_id', 'locale', 'created_at', 'updated_at'] as const;

/** How many accounts exist; zero means the first-run set-up is still to be done. */
export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Creates an account; undefined when the e-mail address is taken. */
export async function createUser(
  db: Db,
  user: { email: string; name: string; organisationId: number | null; passwordHash: string },
  now = Date.now(),
): Promise<PublicUser | undefined> {
  return db
    .insertInto('users')
    .values({
      email: user.email,
      name: user.name,
      organisation_id: user.organisationId,
      password_hash: user.passwordHash,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(publicColumns)
    .executeTakeFirst();
}

/** Finds an account with its password hash, for signing in. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Finds an account with its password hash, for changing the password. */
export async function findUserWithPassword(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Finds an account by id. */
export async function findUser(db: Db, id: number): Promise<PublicUser | undefined> {
  return db.selectFrom('users').select(publicColumns).where('id', '=', id).executeTakeFirst();
}

/** Updates name and organisation. */
export async function updateProfile(
  db: Db,
  id: number,
  profile: { name: string; organisationId: number | null },
  now = Date.now(),
): Promise<PublicUser | undefined> {
  return db
    .updateTable('users')
    .set({ name: profile.name, organisation_id: profile.organisationId, updated_at: now })
    .where('id', '=', id)
    .returning(publicColumns)
    .executeTakeFirst();
}

/** Sets a new password hash. */
export async function setPasswordHash(db: Db, id: number, passwordHash: string, now = Date.now()): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', id).execute();
}

import {
  createApiToken,
  createNetwork,
  createUser,
  type Db,
  findActiveApiToken,
  findNetwork,
  findUserByEmail,
  putMember,
} from '@klankbord/db';
import type { Role } from '@klankbord/domain';
import { hashPassword } from '../../src/auth/passwords.ts';
import { hashSecret } from '../../src/auth/secrets.ts';

/** The network the collaboration tests use; documents are named `<kind>:ngs:<id>`. */
export const TEST_NETWORK = 'ngs';
export const TEST_PASSWORD = 'correct horse battery staple';

// Hashing once keeps test set-up fast; every account shares this password.
let passwordHash: Promise<string> | null = null;

/** Makes (or finds) a member of a network with a role and a personal API token with a known secret. */
export async function arrangeMember(
  db: Db,
  member: { email: string; role: Role; token?: string; network?: string },
): Promise<{ userId: number; networkId: number }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const slug = member.network ?? TEST_NETWORK;
  const network =
    (await findNetwork(db, slug)) ??
    (await createNetwork(db, { slug, name: `Testnetwerk ${slug}`, purpose: 'Voor de tests' }));
  if (!network) throw new Error(`could not create network ${slug}`);
  const user =
    (await findUserByEmail(db, member.email)) ??
    (await createUser(db, {
      email: member.email,
      name: member.email.split('@')[0] ?? member.email,
      organisationId: null,
      passwordHash: await passwordHash,
    }));
  if (!user) throw new Error(`could not create ${member.email}`);
  await putMember(db, network.id, user.id, member.role);
  if (member.token && !(await findActiveApiToken(db, hashSecret(member.token)))) {
    await createApiToken(db, {
      userId: user.id,
      name: 'tests',
      tokenHash: hashSecret(member.token),
      prefix: member.token.slice(0, 10),
      expiresAt: Date.now() + 24 * 60 * 60 * 1000,
    });
  }
  return { userId: user.id, networkId: network.id };
}

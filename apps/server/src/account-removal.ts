import { countMembersWithRole, deleteUser, findMessage, findThread, listNetworksOfUser } from '@klankbord/db';
import type { Context } from 'hono';
import { revoke } from './access/revoke.ts';
import { audit } from './audit.ts';
import type { AppEnv, Deps } from './env.ts';
import { fail } from './errors.ts';
import { indexMessage, indexPerson } from './search-index.ts';

/**
 * Removes a person from Klankbord entirely (AVG): everything they opened ends at once, their account, sessions,
 * tokens and memberships go, and what they wrote with others stays, attributed to a former member. Refused
 * while they are the last secretariaat of a network, which would be left without anyone to run it.
 */
export async function removePerson(deps: Deps, c: Context<AppEnv>, userId: number): Promise<void> {
  const networks = await listNetworksOfUser(deps.db, userId);
  for (const network of networks) {
    if (network.role === 'secretariaat' && (await countMembersWithRole(deps.db, network.id, 'secretariaat')) <= 1) {
      fail(409, 'role.lastSecretariat');
    }
  }
  // Audited first: when a person removes themselves, the event's actor is the account about to go (set to NULL
  // with the rest of their traces).
  for (const network of networks.length > 0 ? networks : [null]) {
    await audit(deps, c, { networkId: network?.id ?? null, event: 'account.removed', subject: `user:${userId}` });
  }
  const removed = await deleteUser(deps.db, userId);
  if (!removed) fail(404, 'not_found');
  revoke(deps, { userId }, 'end', 'account removed');
  await indexPerson(deps.db, userId);
  // Their messages were indexed under their name: indexed again without it.
  for (const id of removed.messageIds) {
    const message = await findMessage(deps.db, id);
    const thread = message && (await findThread(deps.db, message.threadId));
    if (message && thread) await indexMessage(deps.db, thread, message);
  }
}

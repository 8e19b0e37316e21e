import type { Role } from '@klankbord/domain';
import type { Db } from './connection.ts';
import type { InvitationRow } from './schema.ts';

/** Stores an invitation under the hash of the token in its link. */
export async function createInvitation(
  db: Db,
  invitation: {
    networkId: number;
    email: string;
    role: Role;
    tokenHash: string;
    invitedBy: number;
    expiresAt: number;
  },
  now = Date.now(),
): Promise<InvitationRow> {
  return db
    .insertInto('invitations')
    .values({
      network_id: invitation.networkId,
      email: invitation.email,
      role: invitation.role,
      token_hash: invitation.tokenHash,
      invited_by: invitation.invitedBy,
      created_at: now,
      expires_at: invitation.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Finds an invitation by the hash of its token, whatever its state. */
export async function findInvitation(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/**
 * Marks an invitation accepted, only if it is still open: of two people racing to use one link, one wins.
 * Returns false when it was already used, revoked or expired.
 */
export async function acceptInvitation(db: Db, id: number, userId: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ accepted_at: now, accepted_by: userId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes an open invitation of a network; false when there was none. */
export async function revokeInvitation(db: Db, networkId: number, id: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('network_id', '=', networkId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A network's invitations that can still be accepted, newest first. */
export async function listOpenInvitations(db: Db, networkId: number, now = Date.now()): Promise<InvitationRow[]> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('id', 'desc')
    .execute();
}

/** The open invitations for one e-mail address across every network, oldest first, at most `limit`. */
export async function listOpenInvitationsForEmail(
  db: Db,
  email: string,
  limit: number,
  now = Date.now(),
): Promise<InvitationRow[]> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('id')
    .limit(limit)
    .execute();
}

import type { AttachmentTargetKind } from '@klankbord/domain';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { type Db, inTransaction } from './connection.ts';
import type { AttachmentTable } from './schema.ts';
import { lockUntilCommit } from './transaction-lock.ts';

/** An attachment as callers use it. */
export interface Attachment {
  id: number;
  networkId: number;
  targetKind: AttachmentTargetKind;
  targetId: number;
  name: string;
  contentType: string;
  size: number;
  storageKey: string;
  createdBy: number | null;
  createdAt: number;
}

function toAttachment(row: Selectable<AttachmentTable>): Attachment {
  return {
    id: row.id,
    networkId: row.network_id,
    targetKind: row.target_kind,
    targetId: row.target_id,
    name: row.name,
    contentType: row.content_type,
    size: row.size,
    storageKey: row.storage_key,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** The bytes a network's attachments take. */
export async function networkAttachmentBytes(db: Db, networkId: number): Promise<number> {
  const row = await db
    .selectFrom('attachments')
    .select(sql<number>`COALESCE(SUM(size), 0)`.as('bytes'))
    .where('network_id', '=', networkId)
    .executeTakeFirstOrThrow();
  return Number(row.bytes);
}

/**
 * Records an attachment if the network's quota allows it; undefined when it would go over. Checked and
 * inserted in one transaction, so two uploads at once cannot both squeeze past the quota.
 */
export async function addAttachment(
  db: Db,
  attachment: Omit<Attachment, 'id' | 'createdAt'>,
  quotaBytes: number,
  now = Date.now(),
): Promise<Attachment | undefined> {
  return inTransaction(db, async (trx) => {
    await lockUntilCommit(trx, 'attachments', attachment.networkId);
    if ((await networkAttachmentBytes(trx, attachment.networkId)) + attachment.size > quotaBytes) return undefined;
    const row = await trx
      .insertInto('attachments')
      .values({
        network_id: attachment.networkId,
        target_kind: attachment.targetKind,
        target_id: attachment.targetId,
        name: attachment.name,
        content_type: attachment.contentType,
        size: attachment.size,
        storage_key: attachment.storageKey,
        created_by: attachment.createdBy,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAttachment(row);
  });
}

export async function findAttachment(db: Db, id: number): Promise<Attachment | undefined> {
  const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toAttachment(row);
}

/** What is attached to one target, oldest first. */
export async function listAttachments(db: Db, kind: AttachmentTargetKind, targetId: number): Promise<Attachment[]> {
  const rows = await db
    .selectFrom('attachments')
    .selectAll()
    .where('target_kind', '=', kind)
    .where('target_id', '=', targetId)
    .orderBy('id')
    .execute();
  return rows.map(toAttachment);
}

/** Every file of a network, oldest first (for building the search index again). */
export async function listNetworkAttachments(db: Db, networkId: number): Promise<Attachment[]> {
  const rows = await db
    .selectFrom('attachments')
    .selectAll()
    .where('network_id', '=', networkId)
    .orderBy('id')
    .execute();
  return rows.map(toAttachment);
}

/** Removes attachment rows; returns the storage keys whose files should go. */
export async function deleteAttachments(db: Db, ids: readonly number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.deleteFrom('attachments').where('id', 'in', ids).returning('storage_key').execute();
  return rows.map((row) => row.storage_key);
}

/** Every storage key in use (to find files on disk that no row knows). */
export async function listStorageKeys(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('attachments').select('storage_key').execute();
  return new Set(rows.map((row) => row.storage_key));
}

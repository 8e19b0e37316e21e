import type { Kysely } from 'kysely';

// A stelling's poll can close by itself: voting_closes_at is the moment (ms since the epoch) after which the
// server refuses votes, whatever a client says; null while voting has no closing time.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('statements').addColumn('voting_closes_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('statements').dropColumn('voting_closes_at').execute();
}

import { sql } from 'kysely';
import { type Db, databaseDialect } from './connection.ts';
import { lockKey } from './exclusive.ts';

// A check and the write it allows (a cap counted before an insert, a delete-and-insert of a projection) must not
// interleave with the same pair in another transaction. SQLite runs one transaction at a time (kysely's driver
// holds its one connection for the whole transaction), so nothing is needed there. PostgreSQL runs many at once
// under READ COMMITTED, where two transactions may both count 99 and both insert the 100th: the transaction first
// takes an advisory lock on what it checks, held until it commits or rolls back.

/**
 * Makes the rest of the transaction `trx` the only one, across every instance, that holds the lock of `name`
 * and `id` (a network, a meeting; 0 for something site-wide) until it ends; others wait for it.
 */
export async function lockUntilCommit(trx: Db, name: string, id: number): Promise<void> {
  if (databaseDialect(trx) !== 'postgres') return;
  // Outside a transaction the lock would go with the statement that took it, protecting nothing.
  if (!trx.isTransaction) throw new Error(`${name}: lockUntilCommit needs a transaction`);
  await sql`select pg_advisory_xact_lock(${lockKey(name)}::int4, ${id}::int4)`.execute(trx);
}

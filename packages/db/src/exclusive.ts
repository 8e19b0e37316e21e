import { sql } from 'kysely';
import { type Db, databaseDialect } from './connection.ts';

// Work that must happen once, or one at a time, across the server instances that share a PostgreSQL database:
// the background jobs and the steps that change one verslag. The engine's own primitive does it: an advisory lock
// held by a transaction on a connection of its own while the work runs on the pool's other connections. The lock
// goes at commit or rollback, and with the connection when an instance dies, so no instance can leave it behind.
// On SQLite the server is one process and the caller's in-process order is enough: the work simply runs.

/** The outcome of runExclusive: the work's value, or `ran: false` when another instance was doing it. */
export type ExclusiveRun<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs `work` unless another instance is running the job of the same name at this moment; then it returns
 * `{ ran: false }` at once (the next run of the job picks up what is left). Never inside a transaction.
 */
export function runExclusive<T>(db: Db, job: string, work: () => Promise<T>): Promise<ExclusiveRun<T>> {
  return underLock(db, job, 0, false, work);
}

/**
 * Runs `step` once no other step of the same scope and id runs on any instance (e.g. every change to one
 * meeting's verslag), waiting for the one under way. Never inside a transaction.
 */
export async function runSerialised<T>(db: Db, scope: string, id: number, step: () => Promise<T>): Promise<T> {
  const run = await underLock(db, scope, id, true, step);
  if (!run.ran) throw new Error(`the lock of ${scope} ${id} was not taken`);
  return run.value;
}

/**
 * At most this many locks are held at once per database handle. Each holds one of the pool's connections (10 by
 * default, connection.ts) while its work needs others: without a bound, a burst of waiting steps could take every
 * connection and wait for ever for one more.
 */
const HOLDERS_PER_DATABASE = 4;

async function underLock<T>(
  db: Db,
  name: string,
  id: number,
  wait: boolean,
  work: () => Promise<T>,
): Promise<ExclusiveRun<T>> {
  if (databaseDialect(db) !== 'postgres') return { ran: true, value: await work() };
  // The lock's transaction must end when the work ends; inside the caller's it would last as long as theirs.
  if (db.isTransaction) throw new Error(`${name}: a lock of its own cannot be taken inside a transaction`);
  const permits = permitsOf(db);
  await permits.take();
  try {
    return await db.transaction().execute(async (trx): Promise<ExclusiveRun<T>> => {
      const key = lockKey(name);
      if (wait) {
        await sql`select pg_advisory_xact_lock(${key}::int4, ${id}::int4)`.execute(trx);
      } else {
        const { rows } = await sql<{
          locked: boolean;
        }>`select pg_try_advisory_xact_lock(${key}::int4, ${id}::int4) as locked`.execute(trx);
        if (rows[0]?.locked !== true) return { ran: false };
      }
      // The work runs on other connections: its own commits count as they happen, not when the lock goes.
      return { ran: true, value: await work() };
    });
  } finally {
    permits.give();
  }
}

/**
 * The first half of the lock's two 32-bit keys, from its name (FNV-1a), so that callers name what they lock
 * rather than share a table of numbers. Compaction's locks (documents.ts) use the fixed first key 0x6b62.
 */
export function lockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(name)) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash | 0;
}

/** A counting semaphore: the locks a database handle may hold at once. */
class Permits {
  private free = HOLDERS_PER_DATABASE;
  private readonly waiting: (() => void)[] = [];

  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

const permitsByDatabase = new WeakMap<Db, Permits>();

function permitsOf(db: Db): Permits {
  let permits = permitsByDatabase.get(db);
  if (!permits) {
    permits = new Permits();
    permitsByDatabase.set(db, permits);
  }
  return permits;
}

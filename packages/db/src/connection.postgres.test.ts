import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../testing/src/wait.ts';
import { countRows, type Db, databaseDialect } from './connection.ts';
import { openTestDatabase, runAdmin, type TestDatabase } from './test-database.ts';

// What the pool does when PostgreSQL ends its connections (a restart, a failover): the queries running then fail,
// the process goes on (vitest fails the run on an uncaught error), and the next query gets a new connection.
describe('a PostgreSQL database whose server ends the connections', () => {
  let database: TestDatabase;
  let db: Db;

  beforeEach(async () => {
    database = await openTestDatabase();
    db = database.db;
    expect(databaseDialect(db)).toBe('postgres');
  });
  afterEach(async () => {
    await database.close();
  });

  const terminateAll = async () => {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
    await runAdmin(
      process.env.KLANKBORD_TEST_POSTGRES_URL ?? '',
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${rows[0]?.name}' and pid <> pg_backend_pid()`,
    );
  };

  it('fails the transaction that was running, and serves the next query on a new connection', async () => {
    const running = db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await terminateAll();
      await sql`select 1`.execute(trx);
    });
    await expect(running).rejects.toThrow();
    // The pool's idle connections were ended too; one handed out before its end reached the pool fails, as below.
    await waitFor(
      () =>
        countRows(db, 'users').then(
          (count) => count === 0,
          () => false,
        ),
      'a query on a new connection',
      5_000,
    );
  });

  it('drops idle connections the server ended, and serves the next query', async () => {
    await Promise.all([countRows(db, 'users'), countRows(db, 'networks'), countRows(db, 'meetings')]);
    await terminateAll();
    // A query that meets a connection before its end has reached the pool fails, as it would in production; the
    // pool must then go on to new connections rather than keep handing out dead ones.
    await waitFor(
      () =>
        countRows(db, 'networks').then(
          (count) => count === 0,
          () => false,
        ),
      'a query on a new connection',
      5_000,
    );
  });

  it('counts with int8 as numbers', async () => {
    const { rows } = await sql<{ n: number; big: number }>`select count(*) as n, 9007199254740991::int8 as big`.execute(
      db,
    );
    expect(rows[0]).toEqual({ n: 1, big: Number.MAX_SAFE_INTEGER });
    await expect(sql`select 9007199254740993::int8 as n`.execute(db)).rejects.toThrow(RangeError);
  });
});

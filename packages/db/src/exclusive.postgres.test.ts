import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../testing/src/wait.ts';
import { type Db, openDatabase } from './connection.ts';
import { runExclusive, runSerialised } from './exclusive.ts';
import { runAdmin } from './test-database.ts';

// Two instances are two database handles, each with its own pool, on one PostgreSQL database (the postgres project).

/** A gate that work waits at until the test opens it. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('exclusive work across two instances on one PostgreSQL database', () => {
  const name = `klankbord_exclusive_${process.pid}`;
  let adminUrl: string;
  let url: string;
  let one: Db;
  let two: Db;

  beforeAll(async () => {
    adminUrl = process.env.KLANKBORD_TEST_POSTGRES_URL ?? '';
    const template = process.env.KLANKBORD_TEST_POSTGRES_TEMPLATE;
    expect(adminUrl, 'the postgres project starts the cluster').not.toBe('');
    await runAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await runAdmin(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    const address = new URL(adminUrl);
    address.pathname = `/${name}`;
    url = address.toString();
    one = await openDatabase({ url });
    two = await openDatabase({ url });
  });
  afterAll(async () => {
    await one?.destroy();
    await two?.destroy();
    if (adminUrl) await runAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  afterEach(async () => {
    // No test leaves a lock behind for the next.
    expect(await advisoryLocks(two)).toEqual([]);
  });

  /** The advisory locks held or asked for in this database, by other sessions than the asking one's. */
  async function advisoryLocks(db: Db): Promise<{ pid: number; granted: boolean }[]> {
    const { rows } = await sql<{ pid: number; granted: boolean }>`
      select pid, granted from pg_locks
      where locktype = 'advisory' and pid <> pg_backend_pid()
        and database = (select oid from pg_database where datname = current_database())`.execute(db);
    return rows;
  }

  it('runs a job that both instances start at once on one of them only', async () => {
    let runs = 0;
    const held = gate();
    const work = async () => {
      runs++;
      await held.opened;
      return 'mailed';
    };
    const both = [runExclusive(one, 'notifications.outbox', work), runExclusive(two, 'notifications.outbox', work)];
    // The one that did not get the lock answers at once, while the other's work still waits at the gate.
    expect(await Promise.race(both)).toEqual({ ran: false });
    held.open();
    const results = await Promise.all(both);
    expect(results).toContainEqual({ ran: true, value: 'mailed' });
    expect(results).toContainEqual({ ran: false });
    expect(runs).toBe(1);
  });

  it('leaves the job to the other instance once a run ends, also when it failed', async () => {
    await expect(
      runExclusive(one, 'notifications.digest', async () => {
        throw new Error('mail server away');
      }),
    ).rejects.toThrow('mail server away');
    expect(await runExclusive(two, 'notifications.digest', async () => 'sent')).toEqual({ ran: true, value: 'sent' });
    expect(await runExclusive(one, 'notifications.digest', async () => 'sent')).toEqual({ ran: true, value: 'sent' });
  });

  it('does not hold up a job of another name', async () => {
    const held = gate();
    const outbox = runExclusive(one, 'notifications.outbox', () => held.opened);
    await waitFor(async () => (await advisoryLocks(two)).length === 1, 'the outbox lock');
    expect(await runExclusive(two, 'sessions.sweep', async () => 'swept')).toEqual({ ran: true, value: 'swept' });
    held.open();
    expect(await outbox).toEqual({ ran: true, value: undefined });
  });

  it('frees the job when the instance running it loses its connection (it died)', async () => {
    const held = gate();
    let doubleRan = false;
    const dying = runExclusive(one, 'notifications.outbox', () => held.opened);
    await waitFor(async () => (await advisoryLocks(two)).length === 1, 'the dying instance’s lock');
    expect(await runExclusive(two, 'notifications.outbox', async () => 'early')).toEqual({ ran: false });
    // What PostgreSQL sees when an instance's process is killed: its connections end.
    const [lock] = await advisoryLocks(two);
    await runAdmin(adminUrl, `select pg_terminate_backend(${lock!.pid})`);
    await waitFor(async () => (await advisoryLocks(two)).length === 0, 'the lock to go with the connection');
    expect(
      await runExclusive(two, 'notifications.outbox', async () => {
        doubleRan = true;
        return 'taken over';
      }),
    ).toEqual({ ran: true, value: 'taken over' });
    expect(doubleRan).toBe(true);
    held.open();
    // The instance that lost its lock hears of it: its run fails rather than claiming it ran alone.
    await expect(dying).rejects.toThrow();
  });

  it('runs the steps of one verslag one at a time across instances, in turn, and others alongside', async () => {
    const events: string[] = [];
    const held = gate();
    const first = runSerialised(one, 'report', 7, async () => {
      events.push('one:start');
      await held.opened;
      events.push('one:end');
      return 1;
    });
    await waitFor(() => events.includes('one:start'), 'the first step to start');
    const second = runSerialised(two, 'report', 7, async () => {
      events.push('two:start');
      return 2;
    });
    // The second instance waits in PostgreSQL for the first one's lock.
    await waitFor(
      async () => (await advisoryLocks(one)).some((lock) => !lock.granted),
      'the second step to wait for the lock',
    );
    expect(await runSerialised(two, 'report', 8, async () => 'other verslag')).toBe('other verslag');
    expect(events).toEqual(['one:start']);
    held.open();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(events).toEqual(['one:start', 'one:end', 'two:start']);
  });

  it('keeps connections for the work when many steps wait at once', async () => {
    // Every step needs a connection of the pool for its own query besides the one that holds its lock; the
    // pool has 10, so twenty steps holding a lock each would wait for ever for their query.
    const held = gate();
    const steps = Array.from({ length: 20 }, (_, id) =>
      runSerialised(one, 'report', 100 + id, async () => {
        await held.opened;
        const row = await one
          .selectFrom('server_secrets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return Number(row.n) >= 0;
      }),
    );
    held.open();
    expect(await Promise.all(steps)).toEqual(Array.from({ length: 20 }, () => true));
  });
});

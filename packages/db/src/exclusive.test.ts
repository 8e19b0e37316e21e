import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExclusive, runSerialised } from './exclusive.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

// What holds on both databases for one instance; exclusive.postgres.test.ts has two instances on one PostgreSQL.
describe('exclusive work on one database handle', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(() => test?.close());

  it('runs a job and hands back its value', async () => {
    expect(await runExclusive(test.db, 'outbox', async () => 3)).toEqual({ ran: true, value: 3 });
  });

  it('passes a failing job’s error on, and the next run of that job runs', async () => {
    await expect(
      runExclusive(test.db, 'outbox', async () => {
        throw new Error('mail server away');
      }),
    ).rejects.toThrow('mail server away');
    expect(await runExclusive(test.db, 'outbox', async () => 'again')).toEqual({ ran: true, value: 'again' });
  });

  it('runs serialised steps with their value, and after a failed one the next', async () => {
    await expect(
      runSerialised(test.db, 'report', 1, async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await runSerialised(test.db, 'report', 1, async () => 'next')).toBe('next');
  });

  it('lets the work write through the handle while it runs', async () => {
    const value = await runExclusive(test.db, 'sweep', async () => {
      await test.db.insertInto('server_secrets').values({ name: 'exclusive', value: 'x', created_at: 1 }).execute();
      return (await test.db.selectFrom('server_secrets').select('value').where('name', '=', 'exclusive').execute())
        .length;
    });
    expect(value).toEqual({ ran: true, value: 1 });
  });
});

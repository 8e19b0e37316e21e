import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './connection.ts';
import { createMeeting } from './meetings.ts';
import { createNetwork } from './networks.ts';
import { listStatements } from './statements.ts';
import { runAdmin } from './test-database.ts';

// An operator's PostgreSQL usually has a language's collation as the database default (nl_NL, en_US), which
// sorts 'a0v' and 'a0V' together, ignoring case; order keys must sort byte by byte, as they do on SQLite.
describe('order keys on a PostgreSQL database with a Dutch collation', () => {
  const adminUrl = process.env.KLANKBORD_TEST_POSTGRES_URL ?? '';
  const name = `klankbord_dutch_${process.pid}`;
  let db: Db;

  beforeAll(async () => {
    expect(adminUrl, 'the postgres project starts the cluster').not.toBe('');
    await runAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name}`);
    await runAdmin(
      adminUrl,
      `CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'nl-NL' LOCALE 'C.UTF-8'`,
    );
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    db = await openDatabase({ url: url.toString(), poolSize: 2 });
  });
  afterAll(async () => {
    await db?.destroy();
    if (adminUrl) await runAdmin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('lists statements by their order key byte by byte, upper case before lower case', async () => {
    // The database itself sorts the other way: this is the collation the column must not follow.
    const { rows } = await sqlOrder(db, ['a0v', 'a0V']);
    expect(rows).toEqual(['a0v', 'a0V']);

    const networkId = (await createNetwork(db, { slug: 'ngs', name: 'NGS', purpose: '' }))!.id;
    const meeting = await createMeeting(
      db,
      networkId,
      { title: 'Netwerkdag', dates: ['2026-10-01'], format: 'online', hostOrganisationId: null, venue: '' },
      null,
    );
    const now = Date.now();
    for (const [text, key] of [
      ['derde', 'a0v'],
      ['eerste', 'a0V'],
      ['tweede', 'a0Z'],
    ]) {
      await db
        .insertInto('statements')
        .values({ meeting_id: meeting.id, text: text!, order_key: key!, created_at: now, updated_at: now })
        .execute();
    }
    expect((await listStatements(db, meeting.id)).map((statement) => statement.text)).toEqual([
      'eerste',
      'tweede',
      'derde',
    ]);
  });
});

/** How the database's default collation orders some texts. */
async function sqlOrder(db: Db, texts: string[]): Promise<{ rows: string[] }> {
  const result = await sql<{ t: string }>`SELECT t FROM unnest(${texts}::text[]) AS t ORDER BY t`.execute(db);
  return { rows: result.rows.map((row) => row.t) };
}

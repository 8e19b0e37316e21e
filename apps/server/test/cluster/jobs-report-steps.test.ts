import { findUserByEmail, markReportFinalised, sql } from '@klankbord/db';
import { waitFor } from '@klankbord/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialReportSteps } from '../../src/serial.ts';
import { ApiClient } from '../api/support.ts';
import { arrangeMeeting, moveMeeting, tokens } from '../programme/support.ts';
import type { TestServer } from '../support/server.ts';
import { startTwoInstances, stopInstances } from './jobs-support.ts';

// Two instances on one PostgreSQL database: a step on a verslag on one instance (here the test, with the steps
// of instance one) holds up the steps on the same verslag on the other, so finalising never interleaves with them.
describe('the steps of one verslag on two instances', () => {
  let servers: [TestServer, TestServer] | undefined;
  let one: TestServer;
  let two: TestServer;
  let secretariaatId: number;
  let networkId: number;

  beforeAll(async () => {
    servers = await startTwoInstances({});
    [one, two] = servers;
    secretariaatId = (await findUserByEmail(one.db, 'programma-sec@example.nl'))!.id;
    networkId = (await one.db.selectFrom('networks').select('id').where('slug', '=', 'ngs').executeTakeFirstOrThrow())
      .id;
  });
  afterAll(() => stopInstances(servers ?? []));

  async function meetingInReporting(): Promise<number> {
    const meetingId = await arrangeMeeting(one.db, networkId, secretariaatId);
    await moveMeeting(one.db, meetingId, 'reporting');
    return meetingId;
  }

  /** Steps waiting in PostgreSQL for another's lock on a verslag. */
  async function waitingSteps(): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_locks
      where locktype = 'advisory' and not granted
        and database = (select oid from pg_database where datname = current_database())`.execute(one.db);
    return rows[0]?.n ?? 0;
  }

  it('makes a change asked of the other instance wait for finalising, and then refuses it', async () => {
    const meetingId = await meetingInReporting();
    const secretariaat = new ApiClient(two.httpUrl, tokens.secretariaat);
    const saveVersion = (name: string) => secretariaat.post(`/api/meetings/${meetingId}/report/versions`, { name });
    expect((await saveVersion('Voor het finaliseren')).status).toBe(201);

    let change: Promise<{ status: number; body: unknown }> | undefined;
    const finalising = serialReportSteps(one.db).run(meetingId, async () => {
      // Asked of instance two while instance one is in the middle of finalising.
      change = saveVersion('Tijdens het finaliseren');
      await waitFor(async () => (await waitingSteps()) === 1, 'the other instance’s step to wait');
      await markReportFinalised(one.db, meetingId, secretariaatId);
    });
    await finalising;
    const refused = await change!;
    expect({ status: refused.status, body: refused.body }).toEqual({
      status: 409,
      body: { error: 'report.finalised' },
    });
  });

  it('does not hold up the steps of another verslag', async () => {
    const held = await meetingInReporting();
    const other = await meetingInReporting();
    const secretariaat = new ApiClient(two.httpUrl, tokens.secretariaat);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const holding = serialReportSteps(one.db).run(held, () => gate);
    const saved = await secretariaat.post(`/api/meetings/${other}/report/versions`, { name: 'Naast de ander' });
    expect(saved.status).toBe(201);
    open();
    await holding;
  });
});

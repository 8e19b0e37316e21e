import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  countRows,
  countSearchEntries,
  createMeeting,
  createNetwork,
  createStatement,
  type Db,
  indexSearchEntry,
  searchEntries,
} from '@klankbord/db';
import { meetingStatuses } from '@klankbord/domain';
import { parseQuery } from '@klankbord/search';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type RebuildProgress, rebuildSearchIndex } from '../../src/search-index.ts';
import { type RunningServer, startServer } from '../../src/start.ts';
import { databaseEnv, openTestDatabase } from '../support/database.ts';
import { makeDataDir, removeDataDir } from '../support/server.ts';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
// More texts than a dozen batches, so the rebuild has a way to go and tells it.
const STATEMENTS = 2_600;

/** The entries a rebuild writes: the stellingen, their netwerkdag itself, and the organisations of the networks. */
async function expectedEntries(db: Db): Promise<number> {
  return STATEMENTS + 1 + (await countRows(db, 'network_organisations'));
}

/** A network with a meeting and its stellingen, stored without being indexed (as after migration 0017). */
async function arrangeUnindexed(db: Db): Promise<void> {
  const network = (await createNetwork(db, { slug: 'herindex', name: 'Herindex', purpose: '' }))!;
  const meeting = await createMeeting(
    db,
    network.id,
    { title: 'Netwerkdag', dates: ['2026-03-12'], format: 'in-person', hostOrganisationId: null, venue: '' },
    null,
  );
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < STATEMENTS; i++) {
      const text = i === 1234 ? 'Carbid knallen hoort bij oud en nieuw' : `Stelling ${i} over veiligheid in de wijk`;
      await createStatement(trx, meeting.id, { text, context: '', sessionId: null });
    }
  });
}

async function findCarbid(db: Db) {
  const networkIds = (await db.selectFrom('networks').select('id').execute()).map((row) => row.id);
  const visible = [{ kind: 'statement', refPrefix: null, statuses: meetingStatuses }];
  const hits = await searchEntries(db, {
    terms: parseQuery('carbid knallen'),
    scopes: [{ networkIds, visible }],
    limit: 5,
  });
  return hits.map((hit) => hit.title);
}

async function runCli(
  dataDir: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const database = await databaseEnv(dataDir);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...database },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const PROGRESS = /^search-index: (\d+)\/(\d+) texts \((\d+)%\), (\d+) entries, \d+ entries\/s$/;

describe('building the search index again', () => {
  let dataDir = '';
  let server: RunningServer | null = null;

  afterEach(async () => {
    await server?.close();
    server = null;
    removeDataDir(dataDir);
  });

  it('tells its progress on standard error as it goes, and the count at the end', async () => {
    dataDir = makeDataDir();
    const db = await openTestDatabase(dataDir);
    await arrangeUnindexed(db);
    await db.destroy();

    const { code, stdout, stderr } = await runCli(dataDir, ['search-index']);
    expect(code).toBe(0);
    const steps = stderr
      .split('\n')
      .map((line) => PROGRESS.exec(line))
      .filter((match) => match !== null)
      .map(([, done, total, percent, entries]) => ({
        done: Number(done),
        total: Number(total),
        percent: Number(percent),
        entries: Number(entries),
      }));
    // A line at each tenth of the way: several while it works, ending at 100% with every text read.
    expect(steps.length).toBeGreaterThanOrEqual(8);
    expect(steps.map((step) => step.percent)).toEqual([...steps.map((step) => step.percent)].sort((a, b) => a - b));
    expect(steps[0]!.percent).toBeLessThan(20);
    const last = steps.at(-1)!;
    expect(last).toMatchObject({ percent: 100, done: last.total });
    expect(last.total).toBeGreaterThanOrEqual(STATEMENTS);
    const after = await openTestDatabase(dataDir);
    try {
      const entries = await expectedEntries(after);
      expect(last.entries).toBe(entries);
      expect(stdout).toMatch(new RegExp(`^search-index: ${entries} entries indexed in \\d+ ms\\n$`));
      expect(await countSearchEntries(after)).toBe(entries);
      expect(await findCarbid(after)).toEqual(['Carbid knallen hoort bij oud en nieuw']);
    } finally {
      await after.destroy();
    }
  });

  it('lets the event loop run between its batches, and keeps entries it wrote again only', async () => {
    dataDir = makeDataDir();
    const db = await openTestDatabase(dataDir);
    try {
      await arrangeUnindexed(db);
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 0);
      const seen: (RebuildProgress & { ticks: number })[] = [];
      try {
        expect(await rebuildSearchIndex(db, { onProgress: (progress) => seen.push({ ...progress, ticks }) })).toBe(
          await expectedEntries(db),
        );
      } finally {
        clearInterval(ticker);
      }
      expect(seen.length).toBeGreaterThan(10);
      // A timer ran between every two batches: none held the event loop until the end. (The first yield lands
      // in the same turn of the loop as the start, after its timers, so the count starts from the second.)
      for (let i = 2; i < seen.length; i++) expect(seen[i]!.ticks).toBeGreaterThan(seen[i - 1]!.ticks);
      // Built a second time over itself: the same entries, no duplicates, none lost; an entry for a text that
      // is no longer stored (written before the rebuild began, and not again) goes.
      const networkId = (
        await db.selectFrom('networks').select('id').where('slug', '=', 'herindex').executeTakeFirstOrThrow()
      ).id;
      const gone = { networkId, meetingId: null, kind: 'statement', ref: '999999', title: 'carbid', body: '' };
      await indexSearchEntry(db, { ...gone, titleStems: 'carbid', bodyStems: '', partStems: '' }, Date.now() - 1000);
      const entries = await expectedEntries(db);
      expect(await countSearchEntries(db)).toBe(entries + 1);
      expect(await rebuildSearchIndex(db)).toBe(entries);
      expect(await countSearchEntries(db)).toBe(entries);
      expect(await findCarbid(db)).toEqual(['Carbid knallen hoort bij oud en nieuw']);
    } finally {
      await db.destroy();
    }
  });

  it('builds an empty index at start, before taking requests, and logs its progress', async () => {
    dataDir = makeDataDir();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...(await databaseEnv(dataDir)) });
    const db = await openTestDatabase(dataDir);
    await arrangeUnindexed(db);
    await db.destroy();

    const logged: { msg: string; done?: number; total?: number; entries?: number }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        done();
      },
    });
    server = await startServer(config, pino({ level: 'info' }, sink));
    const messages = logged.map((line) => line.msg);
    expect(messages).toContain('search index empty: building it');
    const steps = logged.filter((line) => line.msg.startsWith('search index: '));
    expect(steps.length).toBeGreaterThanOrEqual(8);
    expect(steps.at(-1)).toMatchObject({ entries: await expectedEntries(server.db), done: steps.at(-1)!.total });
    expect(messages.indexOf('search index built')).toBeLessThan(messages.indexOf('listening'));
    expect(await findCarbid(server.db)).toEqual(['Carbid knallen hoort bij oud en nieuw']);
  });
});

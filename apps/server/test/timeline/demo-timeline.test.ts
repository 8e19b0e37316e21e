import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { type RunningServer, startServer } from '../../src/start.ts';
import { databaseEnv } from '../support/database.ts';
import { arrangeMember } from '../support/members.ts';
import { makeDataDir, removeDataDir } from '../support/server.ts';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `pnpm cli demo-data` as a process, as an administrator would. */
async function demoData(dataDir: string): Promise<number | null> {
  const database = await databaseEnv(dataDir);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'demo-data'], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...database },
      stdio: 'ignore',
    });
    child.on('exit', resolve);
  });
}

interface Timeline {
  meetings: { id: number; title: string; date: string; themes: { title: string; topicId: number | null }[] }[];
  topics: { id: number; name: string; meetingIds: number[] }[];
  suggestions: { key: string }[];
}

describe('the theme timeline of the demo history', () => {
  let dataDir = '';
  let server: RunningServer;
  const get = async <T>(path: string, token: string) =>
    (await (
      await fetch(`http://127.0.0.1:${server.port}/api${path}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as T;

  beforeAll(async () => {
    dataDir = makeDataDir();
    expect(await demoData(dataDir)).toBe(0);
    server = await startServer(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        ...(await databaseEnv(dataDir)),
      }),
      createLogger('silent'),
    );
    for (const role of ['deelnemer', 'secretariaat'] as const) {
      await arrangeMember(server.db, {
        email: `${role}@ccv.nl`,
        role,
        token: `kb_demo-${role}-0123456789`,
        network: 'netwerk-grote-steden',
      });
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    removeDataDir(dataDir);
  });

  it('puts every netwerkdag since 2007 on the timeline with curated topics out of the box', async () => {
    const timeline = await get<Timeline>('/networks/netwerk-grote-steden/timeline', 'kb_demo-deelnemer-0123456789');
    expect(timeline.meetings).toHaveLength(18);
    expect(timeline.meetings[0]?.date.slice(0, 4)).toBe('2007');
    expect(timeline.meetings.at(-1)?.title).toBe('Netwerkdag Nijmegen');
    const topic = (name: string) => timeline.topics.find((t) => t.name === name);
    expect(timeline.topics.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'Ondermijning en georganiseerde criminaliteit',
        'Radicalisering en polarisatie',
        'Verwarde personen, zorg en veiligheid',
        'Maatschappelijke onrust',
      ]),
    );
    const years = (name: string) =>
      topic(name)!.meetingIds.map((id) => timeline.meetings.find((m) => m.id === id)!.date.slice(0, 4));
    expect(years('Maatschappelijke onrust').toSorted()).toEqual(['2015', '2020', '2023']);
    expect(years('Radicalisering en polarisatie').toSorted()).toEqual(['2014', '2016']);
    const emmen = timeline.meetings.find((m) => m.title === 'Netwerkdag Emmen')!;
    expect(emmen.themes.find((t) => t.title === 'Ondermijning')?.topicId).toBe(
      topic('Ondermijning en georganiseerde criminaliteit')!.id,
    );
    // The themes left unplaced give the secretariaat something to decide.
    const curating = await get<Timeline>('/networks/netwerk-grote-steden/timeline', 'kb_demo-secretariaat-0123456789');
    expect(curating.suggestions.length).toBeGreaterThan(0);

    // From a topic: its netwerkdagen, their published verslagen and stellingen.
    const onrust = await get<{
      meetings: unknown[];
      reports: { published: boolean }[];
      statements: { text: string }[];
    }>(`/networks/netwerk-grote-steden/topics/${topic('Maatschappelijke onrust')!.id}`, 'kb_demo-deelnemer-0123456789');
    expect(onrust.meetings).toHaveLength(3);
    expect(onrust.reports.length).toBeGreaterThan(0);
    expect(onrust.reports.every((r) => r.published)).toBe(true);
    expect(onrust.statements.map((s) => s.text)).toContain('Wie zijn we?');
  });
});

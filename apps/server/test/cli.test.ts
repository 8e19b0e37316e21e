import { storedDocument } from '@klankbord/collab';
import { findDocument, listMeetingAfspraken, loadDocumentState } from '@klankbord/db';
import {
  anchorResolves,
  reportDocumentName,
  reportFragment,
  reportStateText,
  richTextToPlain,
} from '@klankbord/domain';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { type RunningServer, startServer } from '../src/start.ts';
import { runCli } from './support/cli.ts';
import { databaseEnv } from './support/database.ts';
import { arrangeMember } from './support/members.ts';
import { makeDataDir, removeDataDir } from './support/server.ts';

/**
 * Runs `pnpm cli …` as a process (via tsx), with the password on standard input. The output leaves out the
 * `DATA_DIR …` line every command starts with, after checking that it came first.
 */
async function cli(dataDir: string, args: string[], password = ''): Promise<{ code: number | null; output: string }> {
  const { code, output } = await runCli(dataDir, args, password);
  const said = `DATA_DIR ${dataDir}\n`;
  if (code !== 2 && !output.startsWith(said)) throw new Error(`the CLI did not say its DATA_DIR first: ${output}`);
  return { code, output: output.startsWith(said) ? output.slice(said.length) : output };
}

async function signIn(server: RunningServer, email: string, password: string): Promise<number> {
  const origin = `http://127.0.0.1:${server.port}`;
  const response = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

describe('the command line', () => {
  let dataDir = '';
  let server: RunningServer | null = null;

  afterEach(async () => {
    await server?.close();
    server = null;
    removeDataDir(dataDir);
  });

  it('creates the first secretariaat and then users with a role, who can sign in', async () => {
    dataDir = makeDataDir();
    const setup = await cli(
      dataDir,
      ['setup', '--name', 'Sanne de Vries', '--email', 'Sanne@CCV.nl', '--organisation', 'CCV'],
      'een lang wachtwoord',
    );
    expect(setup).toEqual({ code: 0, output: 'created sanne@ccv.nl, secretariaat of every network\n' });
    const added = await cli(
      dataDir,
      [
        'add-user',
        '--name',
        'Joost',
        '--email',
        'joost@tilburg.nl',
        '--network',
        'netwerk-grote-steden',
        '--role',
        'gast',
      ],
      'nog een wachtwoord',
    );
    expect(added).toEqual({ code: 0, output: 'created joost@tilburg.nl, gast of netwerk-grote-steden\n' });

    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...(await databaseEnv(dataDir)),
    });
    server = await startServer(config, createLogger('silent'));
    expect(await signIn(server, 'sanne@ccv.nl', 'een lang wachtwoord')).toBe(200);
    expect(await signIn(server, 'joost@tilburg.nl', 'nog een wachtwoord')).toBe(200);
    const roles = await server.db
      .selectFrom('memberships')
      .innerJoin('networks', 'networks.id', 'memberships.network_id')
      .select(['networks.slug', 'memberships.role'])
      .orderBy('networks.slug')
      .execute();
    expect(roles).toEqual([
      { slug: 'g40-werkgroep-veiligheid', role: 'secretariaat' },
      { slug: 'netwerk-grote-steden', role: 'secretariaat' },
      { slug: 'netwerk-grote-steden', role: 'gast' },
    ]);
  });

  it('refuses a second set-up, a short password, an unknown role and an unknown network', async () => {
    dataDir = makeDataDir();
    expect((await cli(dataDir, ['setup', '--name', 'A', '--email', 'a@ccv.nl'], 'te kort')).code).toBe(1);
    expect((await cli(dataDir, ['setup', '--name', 'A', '--email', 'a@ccv.nl'], 'lang genoeg nu')).code).toBe(0);
    const again = await cli(dataDir, ['setup', '--name', 'B', '--email', 'b@ccv.nl'], 'lang genoeg nu');
    expect(again.code).toBe(1);
    expect(again.output).toContain('setup.done');
    const base = ['add-user', '--name', 'C', '--email', 'c@ccv.nl'];
    const badRole = await cli(
      dataDir,
      [...base, '--network', 'netwerk-grote-steden', '--role', 'koning'],
      'lang genoeg nu',
    );
    expect(badRole.code).toBe(1);
    expect(badRole.output).toContain('role: role.invalid');
    const badNetwork = await cli(dataDir, [...base, '--network', 'bestaat-niet', '--role', 'gast'], 'lang genoeg nu');
    expect(badNetwork).toEqual({ code: 1, output: 'network.unknown\n' });
    expect((await cli(dataDir, ['hack'], '')).code).toBe(2);
  });

  it('loads the eighteen netwerkdagen once, and again only when forced', async () => {
    dataDir = makeDataDir();
    expect(await cli(dataDir, ['demo-data'])).toEqual({
      code: 0,
      output: 'loaded 18 netwerkdagen into netwerk-grote-steden\n',
    });
    const again = await cli(dataDir, ['demo-data']);
    expect(again.code).toBe(1);
    expect(again.output).toContain('--force');

    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...(await databaseEnv(dataDir)),
    });
    server = await startServer(config, createLogger('silent'));
    const token = 'kb_demo-secretariaat-0123456789';
    await arrangeMember(server.db, {
      email: 'sec@ccv.nl',
      role: 'secretariaat',
      token,
      network: 'netwerk-grote-steden',
    });
    const get = async <T>(path: string) =>
      (await (
        await fetch(`http://127.0.0.1:${server?.port}/api${path}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as T;

    const { years } = await get<{
      years: { year: number; meetings: { id: number; title: string; status: string }[] }[];
    }>('/networks/netwerk-grote-steden/meetings');
    expect(years.flatMap((y) => y.meetings)).toHaveLength(18);
    expect(years[0]?.year).toBe(2023);
    expect(years.at(-1)?.year).toBe(2007);
    const nijmegen = years[0]?.meetings[0];
    expect(nijmegen).toMatchObject({ title: 'Netwerkdag Nijmegen', status: 'closed' });
    const { items } = await get<{ items: { title: string; kind: string }[] }>(`/meetings/${nijmegen?.id}/programme`);
    expect(items.map((i) => i.kind)).toEqual(['opening', 'talk', 'talk', 'discussion', 'talk', 'talk', 'social']);
    expect(items[2]?.title).toBe('Uitdagingen lokaal veiligheidsbeleid');
    const { statements } = await get<{ statements: { text: string }[] }>(`/meetings/${nijmegen?.id}/statements`);
    expect(statements.map((s) => s.text)).toEqual(['Wie zijn we?', 'Is het oké?', 'Willen we stappen zetten?']);

    // The history is searchable, in Dutch word forms, and the index can be built again from what is stored.
    const found = async (q: string) =>
      (await get<{ results: { title: string }[] }>(`/search?q=${encodeURIComponent(q)}`)).results.map((r) => r.title);
    expect(await found('uitdaging veiligheidsbeleid')).toContain('Uitdagingen lokaal veiligheidsbeleid');
    expect(await found('stap zetten')).toContain('Willen we stappen zetten?');
    const rebuilt = await cli(dataDir, ['search-index']);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.output).toMatch(/^search-index: \d+ entries indexed in \d+ ms$/m);
    expect(rebuilt.output).toMatch(/^search-index: (\d+)\/\1 texts \(100%\)/m);
    expect(await found('uitdaging veiligheidsbeleid')).toContain('Uitdagingen lokaal veiligheidsbeleid');

    expect((await cli(dataDir, ['demo-data', '--force'])).code).toBe(0);
    const forced = await get<{ years: { meetings: unknown[] }[] }>('/networks/netwerk-grote-steden/meetings');
    expect(forced.years.flatMap((y) => y.meetings)).toHaveLength(36);
  });

  it('writes a finalised, published verslag with afspraken for each past netwerkdag that had one', async () => {
    dataDir = makeDataDir();
    expect((await cli(dataDir, ['demo-data'])).code).toBe(0);
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...(await databaseEnv(dataDir)),
    });
    server = await startServer(config, createLogger('silent'));
    const db = server.db;
    const token = 'kb_demo-deelnemer-0123456789';
    await arrangeMember(db, { email: 'deelnemer@ccv.nl', role: 'deelnemer', token, network: 'netwerk-grote-steden' });
    // Everything below is asked as a deelnemer: a member who reads the published verslagen.
    const get = async (path: string) => {
      const response = await fetch(`http://127.0.0.1:${server?.port}/api${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    const meetings = await db.selectFrom('meetings').select(['id', 'title', 'first_date']).orderBy('id').execute();
    expect(meetings).toHaveLength(18);
    // The record says no verslag was made of the Utrecht day of May 2013: it keeps none, and links to none.
    const unreported = meetings.filter((m) => m.first_date === '2013-05-23');
    expect(unreported).toHaveLength(1);
    for (const meeting of meetings) {
      const page = await get(`/meetings/${meeting.id}`);
      const published = await get(`/meetings/${meeting.id}/report/published`);
      const afspraken = await listMeetingAfspraken(db, meeting.id);
      if (unreported.includes(meeting)) {
        expect(page.body.reportPublished, meeting.title).toBe(false);
        expect(published.status).toBe(404);
        expect(afspraken).toEqual([]);
        continue;
      }
      expect(page.body.reportPublished, meeting.title).toBe(true);
      const report = await db.selectFrom('reports').selectAll().where('meeting_id', '=', meeting.id).executeTakeFirst();
      expect(report?.finalised_at).toEqual(expect.any(Number));
      expect(report?.published_at).toEqual(expect.any(Number));
      const versions = await db
        .selectFrom('report_versions')
        .selectAll()
        .where('meeting_id', '=', meeting.id)
        .execute();
      expect(versions.map((v) => [v.id, v.name])).toEqual([[report?.final_version_id, 'Definitief']]);
      const text = reportStateText(versions[0]?.state ?? new Uint8Array());
      const themes = await db.selectFrom('themes').select('title').where('meeting_id', '=', meeting.id).execute();
      for (const { title } of themes) expect(text, meeting.title).toContain(title);
      expect(text).toMatch(/^Conclusies$/m);
      expect(text).toMatch(/^Afspraken$/m);
      // A deelnemer reads the published final version.
      expect(published.status, meeting.title).toBe(200);
      expect(published.body.html).toMatch(/<h\d>Afspraken<\/h\d>/);

      // Its afspraken are anchored on the passages that state them, in the stored verslag.
      expect(afspraken.length, meeting.title).toBeGreaterThan(0);
      const document = await findDocument(db, reportDocumentName('netwerk-grote-steden', meeting.id));
      const doc = storedDocument(await loadDocumentState(db, document?.id ?? 0));
      expect(richTextToPlain(reportFragment(doc))).toBe(text);
      for (const afspraak of afspraken) {
        expect(anchorResolves(doc, afspraak.anchor)).toBe(true);
        const start = Y.createAbsolutePositionFromRelativePosition(
          Y.decodeRelativePosition(Uint8Array.from(atob(afspraak.anchor.start), (c) => c.charCodeAt(0))),
          doc,
        );
        expect(String(start?.type)).toBe(afspraak.quote);
        expect(text).toContain(afspraak.quote);
      }
      doc.destroy();
    }

    // Owners where the facts name an organisation of the network; only the newest netwerkdag's are still open.
    const all = (await Promise.all(meetings.map((m) => listMeetingAfspraken(db, m.id)))).flat();
    const vng = all.find((a) => a.description.startsWith('VNG gaat na'));
    expect(vng).toMatchObject({ owner: { kind: 'organisation', name: 'Vereniging van Nederlandse Gemeenten' } });
    expect(vng?.status).toBe('done');
    const open = all.filter((a) => a.status === 'open');
    expect(new Set(open.map((a) => a.meeting.title))).toEqual(new Set(['Netwerkdag Nijmegen']));
    expect(open.length).toBeLessThan(all.length / 4);

    const archive = await get('/networks/netwerk-grote-steden/archive');
    const states = (archive.body.years as { meetings: { report: string }[] }[]).flatMap((y) => y.meetings);
    expect(states.filter((m) => m.report === 'published')).toHaveLength(17);
    expect(states.filter((m) => m.report === 'none')).toHaveLength(1);

    // The verslagen are in the search index, and stay there when it is built again from what is stored.
    const found = async () => {
      const { body } = await get(`/search?q=${encodeURIComponent('carbid knallen')}`);
      return (body.results as { kind: string; title: string }[]).map((r) => `${r.kind}:${r.title}`);
    };
    expect(await found()).toContain('report:Online netwerkdag');
    expect((await cli(dataDir, ['search-index'])).code).toBe(0);
    expect(await found()).toContain('report:Online netwerkdag');

    // Loading the history again, forced, gives the new meetings their own verslag: nothing is doubled.
    const before = { afspraken: all.length, versions: await db.selectFrom('report_versions').select('id').execute() };
    expect((await cli(dataDir, ['demo-data', '--force'])).code).toBe(0);
    const perMeeting = await db
      .selectFrom('report_versions')
      .select(['meeting_id', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy('meeting_id')
      .execute();
    expect(perMeeting).toHaveLength(before.versions.length * 2);
    expect(perMeeting.every((row) => Number(row.count) === 1)).toBe(true);
    const afsprakenAfter = await db.selectFrom('afspraken').select('id').execute();
    expect(afsprakenAfter).toHaveLength(before.afspraken * 2);
  });
});

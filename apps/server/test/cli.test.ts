import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { type RunningServer, startServer } from '../src/start.ts';
import { arrangeMember } from './support/members.ts';
import { makeDataDir, removeDataDir } from './support/server.ts';

const serverDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs `pnpm cli …` as a process (via tsx), with the password on standard input. */
function cli(dataDir: string, args: string[], password = ''): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
    child.stdin.end(`${password}\n`);
  });
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

    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
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

    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
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
    expect(rebuilt.output).toMatch(/^search-index: \d+ entries indexed in \d+ ms\n$/);
    expect(await found('uitdaging veiligheidsbeleid')).toContain('Uitdagingen lokaal veiligheidsbeleid');

    expect((await cli(dataDir, ['demo-data', '--force'])).code).toBe(0);
    const forced = await get<{ years: { meetings: unknown[] }[] }>('/networks/netwerk-grote-steden/meetings');
    expect(forced.years.flatMap((y) => y.meetings)).toHaveLength(36);
  });
});

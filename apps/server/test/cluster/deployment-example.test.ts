import { execFileSync } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@klankbord/db';
import { freePort, waitFor } from '@klankbord/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../api/support.ts';
import { type Client, connectClient } from '../support/clients.ts';
import { databaseEnv } from '../support/database.ts';
import { arrangeMember } from '../support/members.ts';
import { arrangeTestMembers, makeDataDir, removeDataDir } from '../support/server.ts';
import { wrongSignInFrom } from '../support/sign-in-from.ts';
import { type ProcfileProcess, readEnvFile, readProcfile, startLine } from './procfile.ts';

const repositoryRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const serverDir = fileURLToPath(new URL('../..', import.meta.url));
const DOCUMENT = 'notes:ngs:deployment-example';
const SECRETARIAAT = 'secretariaat@example.nl';

/**
 * deploy/Procfile with deploy/env, run for real: the `redis`, `klankbord-a`, `klankbord-b` and `balancer` lines as
 * written, on free ports, with a database of the run's PostgreSQL cluster in place of the `postgres` line (which
 * needs the once-only initdb). What differs from the example is only what must on a test machine.
 */
describe('the deployment example in deploy/', () => {
  const example = readEnvFile(join(repositoryRoot, 'deploy/env'));
  const procfile = readProcfile(join(repositoryRoot, 'deploy/Procfile'));
  const lines: Record<string, ProcfileProcess> = {};
  const clients: Client[] = [];
  let dataDir = '';
  let ports: { balancer: number; a: number; b: number; redis: number };
  const balancerUrl = () => `http://127.0.0.1:${ports.balancer}`;
  const instanceUrl = (name: 'a' | 'b') => `http://127.0.0.1:${ports[name]}`;

  const start = (name: string, env: Record<string, string>) => {
    const command = procfile.get(name);
    if (!command) throw new Error(`deploy/Procfile has no line ${name}`);
    lines[name] = startLine(name, command, { cwd: repositoryRoot, env });
    return lines[name];
  };

  /** Waits until `url` answers 200, failing at once with the line's output when the line has exited. */
  const waitForReady = (line: ProcfileProcess, url: string) =>
    waitFor(
      async () => {
        if (line.child.exitCode !== null) throw new Error(`${line.name} exited:\n${line.output()}`);
        return (await fetch(url).catch(() => null))?.status === 200;
      },
      `${line.name} to answer ${url} with 200`,
      30_000,
      50,
    );

  /** The open collaboration WebSockets on an instance, from its /metrics with the example's METRICS_TOKEN. */
  const connections = async (name: 'a' | 'b'): Promise<number> => {
    const response = await fetch(`${instanceUrl(name)}/metrics`, {
      headers: { authorization: `Bearer ${example.METRICS_TOKEN}` },
    });
    const body = await response.text();
    const line = body.split('\n').find((entry) => entry.startsWith('klankbord_collab_connections '));
    if (response.status !== 200 || !line) throw new Error(`no connections gauge: ${response.status} ${body}`);
    return Number(line.split(' ')[1]);
  };

  beforeAll(async () => {
    // The klankbord lines run the bundle, as `pnpm start` does.
    execFileSync(process.execPath, ['build.mjs'], { cwd: serverDir });
    dataDir = makeDataDir();
    const database = await databaseEnv(dataDir);
    const db = await openDatabase({ url: database.DATABASE_URL! });
    try {
      await arrangeTestMembers(db);
      await arrangeMember(db, { email: SECRETARIAAT, role: 'secretariaat' });
    } finally {
      await db.destroy();
    }
    ports = { balancer: await freePort(), a: await freePort(), b: await freePort(), redis: await freePort() };
    const onThisMachine = {
      DATABASE_URL: database.DATABASE_URL!,
      REDIS_URL: `redis://127.0.0.1:${ports.redis}`,
      REDIS_PORT: String(ports.redis),
      DATA_DIR: dataDir,
      PUBLIC_URL: balancerUrl(),
      BALANCER_PORT: String(ports.balancer),
      KLANKBORD_A_PORT: String(ports.a),
      KLANKBORD_B_PORT: String(ports.b),
    };
    // Only what the example names is overridden: a renamed variable in deploy/env fails here.
    for (const key of Object.keys(onThisMachine)) expect(example, `deploy/env sets ${key}`).toHaveProperty(key);
    // The Procfile's `node` is the one running the tests.
    const path = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
    const env = { PATH: path, ...example, ...onThisMachine };

    start('redis', env);
    const a = start('klankbord-a', env);
    const b = start('klankbord-b', env);
    // /readyz is 200 only with the database and Redis up.
    await Promise.all([waitForReady(a, `${instanceUrl('a')}/readyz`), waitForReady(b, `${instanceUrl('b')}/readyz`)]);
    // Started once both answer, so that HAProxy's first checks find them up.
    const balancer = start('balancer', env);
    await waitForReady(balancer, `${balancerUrl()}/readyz`);
  }, 180_000);

  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const name of ['balancer', 'klankbord-b', 'klankbord-a', 'redis']) await lines[name]?.stop();
    if (dataDir) removeDataDir(dataDir);
  }, 60_000);

  it('answers /readyz through the balancer with the database and Redis up, and hides /metrics', async () => {
    const ready = await fetch(`${balancerUrl()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up' }, draining: false });
    // HAProxy set the request id that the instance sent back.
    expect(ready.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${balancerUrl()}/metrics`)).status).toBe(404);
  });

  it('records the address of the person behind HAProxy in the audit log, not the balancer’s', async () => {
    // From 127.0.0.2, with a forged X-Forwarded-For: HAProxy appends what it saw, TRUST_PROXY believes only that.
    expect(await wrongSignInFrom(balancerUrl(), '127.0.0.2', SECRETARIAAT, '198.51.100.9')).toBe(401);
    const secretariat = await signedIn(balancerUrl(), SECRETARIAAT);
    const audit = await secretariat.get('/api/networks/ngs/audit');
    const failures = (audit.body.events as { event: string; subject: string; ip: string }[]).filter(
      (event) => event.event === 'login.failed' && event.subject === SECRETARIAAT,
    );
    expect(failures.map((event) => event.ip)).toEqual(['127.0.0.2']);
  });

  let onA: Client;
  let onB: Client;

  it('puts two stock y-websocket clients on different instances (leastconn), and they converge', async () => {
    const first = await connectClient(`ws://127.0.0.1:${ports.balancer}/collab`, DOCUMENT);
    clients.push(first);
    await waitFor(async () => (await connections('a')) + (await connections('b')) === 1, 'the first client', 10_000);
    const firstOnA = (await connections('a')) === 1;
    const second = await connectClient(`ws://127.0.0.1:${ports.balancer}/collab`, DOCUMENT);
    clients.push(second);
    await waitFor(
      async () => (await connections('a')) === 1 && (await connections('b')) === 1,
      'one client on each instance',
      10_000,
    );
    [onA, onB] = firstOnA ? [first, second] : [second, first];

    onA.text.insert(0, 'vóór-de-stop ');
    await waitFor(() => onB.text.toString().includes('vóór-de-stop'), 'B’s client to see the edit made on A');
    onB.text.insert(onB.text.length, 'van-b ');
    await waitFor(() => onA.text.toString() === onB.text.toString(), 'both clients to converge');
    expect(onA.text.toString()).toBe('vóór-de-stop van-b ');
  });

  it('drains klankbord-a on SIGTERM: out of HAProxy first, then its client moves to klankbord-b, and no edit is lost', async () => {
    const a = lines['klankbord-a']!;
    let closedAt: number | undefined;
    onA.provider.on('status', ({ status }) => {
      if (status === 'disconnected') closedAt ??= Date.now();
    });

    // As a Procfile runner or a service manager stops it: SIGTERM to the line's processes.
    a.signal('SIGTERM');
    // Typed during the drain, while the socket to A is still open.
    onA.text.insert(onA.text.length, 'tijdens-het-afvoeren ');
    await waitFor(
      async () => (await fetch(`${instanceUrl('a')}/readyz`)).status === 503,
      'A’s /readyz to answer 503',
      5_000,
      20,
    );
    await waitFor(
      () => /Server instances\/klankbord-a is DOWN/.test(lines.balancer!.output()),
      'HAProxy to mark klankbord-a down',
      15_000,
      20,
    );
    const downAt = Date.now();
    await waitFor(() => closedAt !== undefined, 'A to close its client’s socket', 15_000, 20);
    // DRAIN_DELAY_MS in deploy/env outlasts HAProxy's checks (inter 2s, fall 2): A was out before it closed.
    expect(downAt).toBeLessThanOrEqual(closedAt!);

    await waitFor(() => onA.provider.wsconnected && onA.provider.synced, 'A’s client to reconnect', 15_000, 20);
    await waitFor(async () => (await connections('b')) === 2, 'both clients on klankbord-b', 10_000, 20);
    onA.text.insert(onA.text.length, 'na-de-stop ');
    const expected = 'vóór-de-stop van-b tijdens-het-afvoeren na-de-stop ';
    await waitFor(
      () => onA.text.toString() === expected && onB.text.toString() === expected,
      'both clients to hold every edit',
    );
    expect(await a.exited).toBe(0);

    // A newcomer, through the balancer to the one instance left, gets it all.
    const newcomer = await connectClient(`ws://127.0.0.1:${ports.balancer}/collab`, DOCUMENT);
    clients.push(newcomer);
    expect(newcomer.text.toString()).toBe(expected);
  }, 60_000);
});

import { Writable } from 'node:stream';
import { waitFor } from '@klankbord/testing';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../../src/start.ts';
import { type Client, connectClient, roundTrip } from '../support/clients.ts';
import { databaseEnv } from '../support/database.ts';
import {
  arrangeTestMembers,
  makeDataDir,
  startTestServer,
  stopServer,
  type TestServer,
  WRITE_TOKEN,
} from '../support/server.ts';

let server: TestServer | undefined;
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await stopServer(server);
  server = undefined;
});

/** The value of one series in a Prometheus text body, e.g. `klankbord_http_requests_total{class="2xx"}`. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('health and readiness', () => {
  it('answers /healthz without asking the database', async () => {
    server = await startTestServer();
    // A database that no longer answers does not make the process look dead (a restart would not help).
    server.readiness.addCheck('database', async () => false);
    const response = await fetch(`${server.httpUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', openRooms: 0 });
  });

  it('reports the database up and Redis off on /readyz', async () => {
    server = await startTestServer();
    const response = await fetch(`${server.httpUrl}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { database: 'up', redis: 'off' },
      draining: false,
    });
  });

  it('answers 503 on /readyz while a registered dependency is down', async () => {
    server = await startTestServer();
    server.readiness.addCheck('redis', async () => false);
    const response = await fetch(`${server.httpUrl}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unavailable',
      checks: { database: 'up', redis: 'down' },
      draining: false,
    });
  });

  it('answers 503 on /readyz once the database is closed', async () => {
    server = await startTestServer();
    // The server's own connection is what the check uses: closed, it answers no query (kysely's destroy is
    // idempotent, so stopping the server afterwards is as usual).
    await server.db.destroy();
    const response = await fetch(`${server.httpUrl}/readyz`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { checks: unknown }).checks).toEqual({ database: 'down', redis: 'off' });
  });
});

describe('metrics', () => {
  it('counts connections, rooms, committed updates, persist latency and requests', async () => {
    server = await startTestServer();
    const client = await connectClient(server.collabUrl, 'notes:ngs:metrics');
    clients.push(client);
    client.text.insert(0, 'Carbidschieten in Tilburg');
    expect(await roundTrip(client)).toBe('answered');
    await fetch(`${server.httpUrl}/api/nothing-here`);

    const response = await fetch(`${server.httpUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await response.text();
    expect(sample(body, 'klankbord_collab_connections')).toBe(1);
    expect(sample(body, 'klankbord_collab_rooms')).toBe(1);
    expect(sample(body, 'klankbord_event_streams')).toBe(0);
    expect(sample(body, 'klankbord_document_updates_total')).toBeGreaterThanOrEqual(1);
    const commits = sample(body, 'klankbord_persist_duration_seconds_count') ?? 0;
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'klankbord_persist_duration_seconds_bucket{le="+Inf"}')).toBe(commits);
    expect(sample(body, 'klankbord_persist_duration_seconds_sum')).toBeGreaterThan(0);
    expect(sample(body, 'klankbord_http_requests_total{class="4xx"}')).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'klankbord_redis_lag_seconds')).toBe(0);
    expect(sample(body, 'klankbord_draining')).toBe(0);
    // Nothing that names a person or a document becomes a label.
    expect(body).not.toContain('notes:ngs');
    expect(body).not.toContain('deelnemer');

    server.metrics.setRedisLag(0.25);
    client.destroy();
    clients.length = 0;
    await waitFor(async () => {
      const later = await (await fetch(`${server!.httpUrl}/metrics`)).text();
      return (
        sample(later, 'klankbord_collab_connections') === 0 && sample(later, 'klankbord_redis_lag_seconds') === 0.25
      );
    }, 'the connection to be gone from /metrics');
  });

  it('counts open event streams', async () => {
    server = await startTestServer();
    const metric = async () =>
      sample(await (await fetch(`${server!.httpUrl}/metrics`)).text(), 'klankbord_event_streams');
    const abort = new AbortController();
    const stream = await fetch(`${server.httpUrl}/api/networks/ngs/events`, {
      headers: { authorization: `Bearer ${WRITE_TOKEN}` },
      signal: abort.signal,
    });
    expect(stream.status).toBe(200);
    await waitFor(async () => (await metric()) === 1, 'the stream to be counted');
    abort.abort();
    await waitFor(async () => (await metric()) === 0, 'the stream to be gone');
  });

  it('serves /metrics without a token only to this machine, not through a proxy', async () => {
    server = await startTestServer();
    expect((await fetch(`${server.httpUrl}/metrics`)).status).toBe(200);
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const response = await fetch(`${server.httpUrl}/metrics`, { headers: { [header]: '203.0.113.9' } });
      expect(response.status, header).toBe(403);
    }
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const token = 'een-geheim-voor-prometheus';
    server = await startTestServer({ env: { METRICS_TOKEN: token } });
    const get = (authorization?: string) =>
      fetch(`${server!.httpUrl}/metrics`, { headers: authorization ? { authorization } : {} });
    expect((await get()).status).toBe(401);
    expect((await get('Bearer een-ander-geheim-voor-prometheus')).status).toBe(401);
    expect((await get(token)).status).toBe(401);
    const allowed = await get(`Bearer ${token}`);
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('# TYPE klankbord_collab_connections gauge');
  });
});

describe('request ids', () => {
  it('keeps a well-formed X-Request-Id, replaces any other, and logs each request under its id', async () => {
    const dataDir = makeDataDir();
    const logged: { msg: string; requestId?: string; path?: string; status?: number }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        done();
      },
    });
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ...(await databaseEnv(dataDir)),
    });
    const running = await startServer(config, pino({ level: 'debug' }, sink));
    server = { ...running, config, dataDir, httpUrl: `http://127.0.0.1:${running.port}`, collabUrl: '' };
    await arrangeTestMembers(running.db);

    const given = await fetch(`${server.httpUrl}/healthz`, { headers: { 'x-request-id': 'lb-7f3a.12_x' } });
    expect(given.headers.get('x-request-id')).toBe('lb-7f3a.12_x');
    for (const bad of ['with space', 'x'.repeat(65), 'quote"d', 'ünïcode']) {
      const response = await fetch(`${server.httpUrl}/healthz`, { headers: { 'x-request-id': bad } });
      const id = response.headers.get('x-request-id');
      expect(id, bad).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    const refused = await fetch(`${server.httpUrl}/api/account`);
    expect(refused.status).toBe(401);
    const refusedId = refused.headers.get('x-request-id');
    expect(refusedId).toMatch(/^[0-9a-f-]{36}$/);

    await waitFor(() => logged.some((line) => line.requestId === refusedId), 'the refused request in the log');
    expect(logged.find((line) => line.requestId === 'lb-7f3a.12_x')).toMatchObject({
      msg: 'request',
      path: '/healthz',
      status: 200,
    });
    expect(logged.find((line) => line.requestId === refusedId)).toMatchObject({ path: '/api/account', status: 401 });
  });
});

import { type RedisServer, startRedis, waitFor } from '@klankbord/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBalancer } from '../support/balancer.ts';
import { type Client, connectClient, roundTrip } from '../support/clients.ts';
import { startEmptyServer, startTestServer, stopServer, type TestServer } from '../support/server.ts';

// Two instances on one database with a real Redis between them, each with stock y-websocket clients.
describe('one document on two instances', () => {
  let redis: RedisServer;
  let a: TestServer;
  let b: TestServer;
  const clients: Client[] = [];
  const connect = async (server: TestServer, name: string) => {
    const client = await connectClient(server.collabUrl, name);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.remove();
  });
  const start = async () => {
    a = await startTestServer({ env: { REDIS_URL: redis.url, INSTANCE_ID: 'a' } });
    b = await startEmptyServer({ dataDir: a.dataDir, env: { REDIS_URL: redis.url, INSTANCE_ID: 'b' } });
    await waitFor(async () => (await a.bus.isUp()) && (await b.bus.isUp()), 'both instances to reach Redis');
  };
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    if (!redis.running) await redis.start();
    await b?.close();
    await stopServer(a);
  });

  it('shows each instance the edits and presences made on the other', async () => {
    await start();
    const anna = await connect(a, 'notes:ngs:2025');
    const bram = await connect(b, 'notes:ngs:2025');
    anna.text.insert(0, 'Netwerkdag Utrecht');
    bram.text.insert(0, 'Programma: ');
    await waitFor(
      () => anna.text.toString() === bram.text.toString() && anna.text.length === 29,
      'the clients of both instances to converge',
    );
    anna.provider.awareness.setLocalStateField('cursor', { anchor: 3 });
    // The server puts the signed-in name in a presence; the cursor is Anna's own.
    await waitFor(
      () => bram.provider.awareness.getStates().get(anna.doc.clientID)?.cursor?.anchor === 3,
      'Anna’s presence to reach a client of the other instance',
    );
    // A client that joins later on either instance gets everything.
    const cas = await connect(b, 'notes:ngs:2025');
    expect(cas.text.toString()).toBe(anna.text.toString());
  });

  it('converges after Redis was down while both sides edited, by comparing with the database', async () => {
    await start();
    const anna = await connect(a, 'notes:ngs:2026');
    const bram = await connect(b, 'notes:ngs:2026');
    anna.text.insert(0, 'begin ');
    await waitFor(() => bram.text.toString() === 'begin ', 'the first edit to cross');

    await redis.stop({ kill: true });
    await waitFor(async () => !(await a.bus.isUp()) && !(await b.bus.isUp()), 'both instances to see Redis gone');
    anna.text.insert(anna.text.length, 'van Anna ');
    bram.text.insert(0, 'Bram: ');
    // Each instance keeps serving its own clients; nothing crosses.
    const annaSolo = await connect(a, 'notes:ngs:2026');
    expect(annaSolo.text.toString()).toContain('van Anna');
    expect(annaSolo.text.toString()).not.toContain('Bram');

    await redis.start();
    // Every socket is also authorised afresh after the outage (it reconnects), so all three settle in their time.
    await waitFor(
      () =>
        anna.text.toString() === bram.text.toString() &&
        annaSolo.text.toString() === anna.text.toString() &&
        anna.text.toString().includes('Bram: '),
      'both instances to converge once Redis is back',
      20_000,
    );
    expect(anna.text.toString()).toContain('van Anna');
  });

  it('converges after one instance was cut off from Redis while the other was not', async () => {
    // A reaches Redis through a link that the test cuts; B stays connected and never sees an outage itself.
    const link = await startBalancer([redis.port]);
    try {
      a = await startTestServer({ env: { REDIS_URL: `redis://127.0.0.1:${link.port}`, INSTANCE_ID: 'a' } });
      b = await startEmptyServer({ dataDir: a.dataDir, env: { REDIS_URL: redis.url, INSTANCE_ID: 'b' } });
      const anna = await connect(a, 'notes:ngs:2028');
      const bram = await connect(b, 'notes:ngs:2028');
      anna.text.insert(0, 'begin ');
      await waitFor(() => bram.text.toString() === 'begin ', 'the first edit to cross');
      link.cut();
      await waitFor(async () => !(await a.bus.isUp()), 'A to lose Redis');
      anna.text.insert(anna.text.length, 'van Anna ');
      bram.text.insert(0, 'Bram: ');
      await roundTrip(anna);
      await roundTrip(bram);
      link.restore();
      await waitFor(
        () => anna.text.toString() === bram.text.toString() && bram.text.toString().includes('van Anna'),
        'both sides to converge once A is back',
        20_000,
      );
    } finally {
      await b?.close();
      await a?.close();
      await link.close();
    }
  });

  it('never drops an update of the other instance when both compact the same document', async () => {
    a = await startTestServer({ env: { REDIS_URL: redis.url, INSTANCE_ID: 'a', COLLAB_COMPACT_AFTER_UPDATES: '5' } });
    b = await startEmptyServer({
      dataDir: a.dataDir,
      env: { REDIS_URL: redis.url, INSTANCE_ID: 'b', COLLAB_COMPACT_AFTER_UPDATES: '5' },
    });
    const anna = await connect(a, 'notes:ngs:2027');
    const bram = await connect(b, 'notes:ngs:2027');
    for (let i = 0; i < 200; i++) {
      anna.text.insert(anna.text.length, `a${i} `);
      bram.text.insert(0, `b${i} `);
      if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(() => anna.text.toString() === bram.text.toString(), 'the clients to converge', 20_000);
    const expected = anna.text.toString();
    for (const client of clients.splice(0)) client.destroy();
    // Both rooms unload (compacting what they hold); a fresh start reads only the database.
    await b.close();
    await a.close();
    const again = await startEmptyServer({ dataDir: a.dataDir });
    try {
      const check = await connectClient(again.collabUrl, 'notes:ngs:2027');
      clients.push(check);
      expect(check.text.length).toBe(expected.length);
      const words = new Set(check.text.toString().trim().split(' '));
      for (let i = 0; i < 200; i++) expect(words.has(`a${i}`) && words.has(`b${i}`)).toBe(true);
    } finally {
      for (const client of clients.splice(0)) client.destroy();
      await stopServer(again);
    }
  });
});

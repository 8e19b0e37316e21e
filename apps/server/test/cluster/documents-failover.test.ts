import { fileURLToPath } from 'node:url';
import { type RedisServer, type ServerProcess, spawnServer, startRedis, waitFor } from '@klankbord/testing';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Balancer, startBalancer } from '../support/balancer.ts';
import { spawnTestServer } from '../support/child-server.ts';
import { type Client, connectClient } from '../support/clients.ts';
import { databaseEnv } from '../support/database.ts';
import { makeDataDir, removeDataDir } from '../support/server.ts';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
const DOCUMENT = 'notes:ngs:failover';
const CLIENTS = 8;

/** The words of other clients that a client holds: what it has seen of them. */
function seenByOthers(clients: Client[]): Set<string> {
  const seen = new Set<string>();
  clients.forEach((client, index) => {
    for (const word of client.text.toString().split(' ')) if (word && !word.startsWith(`c${index}-`)) seen.add(word);
  });
  return seen;
}

describe('two instances behind a balancer, one killed while its clients edit', () => {
  let redis: RedisServer | undefined;
  let balancer: Balancer | undefined;
  const children: ServerProcess[] = [];
  const clients: Client[] = [];
  let dataDir = '';

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await balancer?.close();
    for (const child of children.splice(0)) await child.stop();
    await redis?.remove();
    if (dataDir) removeDataDir(dataDir);
  });

  it('moves its clients to the other instance and loses no edit that anyone saw', async () => {
    redis = await startRedis();
    dataDir = makeDataDir();
    const a = await spawnTestServer(dataDir, { REDIS_URL: redis.url, INSTANCE_ID: 'a' });
    const b = await spawnServer({
      serverDir,
      dataDir,
      env: { ...(await databaseEnv(dataDir)), REDIS_URL: redis.url, INSTANCE_ID: 'b' },
    });
    children.push(a, b);
    balancer = await startBalancer([a.port, b.port]);
    // Connections alternate between the instances.
    for (let i = 0; i < CLIENTS; i++) clients.push(await connectClient(balancer.collabUrl, DOCUMENT));

    let typing = true;
    let round = 0;
    const type = async () => {
      while (typing) {
        round++;
        clients.forEach((client, index) => {
          client.text.insert(client.text.length, `c${index}-${round} `);
        });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const typed = type();
    await waitFor(() => seenByOthers(clients).size > 200, 'the clients to see each other’s edits', 20_000);

    // What anyone has seen of another client at the moment A dies must survive.
    a.process.kill('SIGKILL');
    const seenAtKill = seenByOthers(clients);
    await a.exited;
    // A's clients reconnect through the balancer, which now only reaches B; they keep typing.
    await waitFor(
      () => clients.every((client) => client.provider.wsconnected && client.provider.synced),
      'every client to be connected again',
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    typing = false;
    await typed;
    await waitFor(
      () => clients.every((client) => client.text.toString() === clients[0]!.text.toString()),
      'every client to converge on B',
      20_000,
    );
    const seenAtEnd = new Y.Doc();
    Y.applyUpdate(seenAtEnd, Y.encodeStateAsUpdate(clients[0]!.doc));
    for (const client of clients.splice(0)) client.destroy();

    // Read back from the database alone, through a fresh start of B.
    await b.stop();
    const reader = await spawnServer({ serverDir, dataDir, env: await databaseEnv(dataDir) });
    children.push(reader);
    const check = await connectClient(reader.collabUrl, DOCUMENT);
    clients.push(check);
    const stored = new Set(check.text.toString().split(' '));
    const lost = [...seenAtKill].filter((word) => !stored.has(word));
    expect(lost).toEqual([]);
    expect(check.text.toString()).toBe(seenAtEnd.getText('content').toString());
    expect(seenAtKill.size).toBeGreaterThan(200);
  });
});

import { createInterface } from 'node:readline';
import { CloseCode } from '@klankbord/collab';
import { type ServerProcess, waitFor } from '@klankbord/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnTestServer } from '../support/child-server.ts';
import { type Client, connectClient } from '../support/clients.ts';
import { makeDataDir, removeDataDir } from '../support/server.ts';

const DRAIN_DELAY_MS = 1500;

interface Readyz {
  status: string;
  draining: boolean;
}

describe('graceful drain on SIGTERM', () => {
  const clients: Client[] = [];
  const children: ServerProcess[] = [];
  const dataDirs: string[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const child of children.splice(0)) {
      child.process.kill('SIGKILL');
      await child.exited;
    }
    for (const dir of dataDirs.splice(0)) removeDataDir(dir);
  });

  it('turns /readyz 503, then tells clients to reconnect, flushes their edits and exits 0', async () => {
    const dataDir = makeDataDir();
    dataDirs.push(dataDir);
    const server = await spawnTestServer(dataDir, {
      DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
      SHUTDOWN_TIMEOUT_MS: '10000',
      INSTANCE_ID: 'klankbord-a',
    });
    children.push(server);
    const logged: { msg?: string; instance?: string }[] = [];
    createInterface({ input: server.process.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) logged.push(JSON.parse(line));
    });

    const client = await connectClient(server.collabUrl, 'notes:ngs:drain');
    clients.push(client);
    const socket = client.provider.ws!;
    const closes: number[] = [];
    socket.addEventListener('close', (event) => closes.push(event.code));
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    client.text.insert(0, 'Geschreven voor SIGTERM. ');
    await waitFor(() => socket.bufferedAmount === 0, 'the edit to leave the client');
    const signalled = performance.now();
    server.process.kill('SIGTERM');

    // During the drain delay the balancer sees 503 while this instance still serves the clients it has.
    let readyz: Response | undefined;
    await waitFor(async () => {
      readyz = await fetch(`${server.url}/readyz`);
      return readyz.status === 503;
    }, '/readyz to turn 503');
    expect((await readyz!.json()) as Readyz).toMatchObject({ status: 'draining', draining: true });
    expect(performance.now() - signalled).toBeLessThan(DRAIN_DELAY_MS);
    expect(closes).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    client.text.insert(client.text.length, 'En tijdens het leeglopen.');

    await waitFor(() => closes.length > 0, 'the socket to close');
    expect(closes[0]).toBe(CloseCode.goingAway);
    expect(performance.now() - signalled).toBeGreaterThanOrEqual(DRAIN_DELAY_MS);
    expect(await server.exited).toBe(0);
    // The stock client takes the close as a reason to reconnect, not as final.
    expect(client.provider.shouldConnect).toBe(true);
    expect(logged.find((line) => line.msg === 'draining')).toMatchObject({ instance: 'klankbord-a' });
    expect(logged.at(-1)).toMatchObject({ msg: 'stopped', instance: 'klankbord-a' });
    const written = client.text.toString();
    client.destroy();
    clients.length = 0;

    const restarted = await spawnTestServer(dataDir);
    children.push(restarted);
    const reader = await connectClient(restarted.collabUrl, 'notes:ngs:drain');
    clients.push(reader);
    expect(reader.text.toString()).toBe(written);
    expect(written).toBe('Geschreven voor SIGTERM. En tijdens het leeglopen.');
  });

  it('refuses a drain delay that leaves no time to shut down', async () => {
    const dataDir = makeDataDir();
    dataDirs.push(dataDir);
    await expect(spawnTestServer(dataDir, { DRAIN_DELAY_MS: '5000', SHUTDOWN_TIMEOUT_MS: '5000' })).rejects.toThrow(
      /DRAIN_DELAY_MS must be less than SHUTDOWN_TIMEOUT_MS/,
    );
  });
});

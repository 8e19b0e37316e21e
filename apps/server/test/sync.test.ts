import { waitFor } from '@klankbord/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Client, connectClient } from './support/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from './support/server.ts';

describe('collaboration with stock y-websocket clients', () => {
  let server: TestServer;
  const clients: Client[] = [];
  const connect = async (name: string) => {
    const client = await connectClient(server.collabUrl, name);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
    removeDataDir(server.dataDir);
  });

  it('lets two clients in one room converge on the same text', async () => {
    const anna = await connect('notes:ngs:2025');
    const bram = await connect('notes:ngs:2025');
    anna.text.insert(0, 'Netwerkdag Utrecht');
    bram.text.insert(0, 'Programma: ');
    await waitFor(
      () => anna.text.toString() === bram.text.toString() && anna.text.length === 29,
      'both clients to converge',
    );
    expect(anna.text.toString()).toBe(bram.text.toString());
    expect(anna.text.toString()).toContain('Netwerkdag Utrecht');
    expect(anna.text.toString()).toContain('Programma: ');
  });

  it('gives a client that joins later the full state', async () => {
    const anna = await connect('notes:ngs:2025');
    const bram = await connect('notes:ngs:2025');
    for (let i = 0; i < 50; i++) (i % 2 ? anna : bram).text.insert(0, `${i};`);
    await waitFor(() => anna.text.toString() === bram.text.toString() && anna.text.length > 100, 'convergence');
    const late = await connect('notes:ngs:2025');
    expect(late.text.toString()).toBe(anna.text.toString());
    expect(Y.encodeStateVector(late.doc)).toEqual(Y.encodeStateVector(anna.doc));
  });

  it('keeps rooms apart', async () => {
    const utrecht = await connect('notes:ngs:utrecht');
    const tilburg = await connect('notes:ngs:tilburg');
    utrecht.text.insert(0, 'Utrecht');
    const utrechtAgain = await connect('notes:ngs:utrecht');
    await waitFor(() => utrechtAgain.text.toString() === 'Utrecht', 'the second Utrecht client to sync');
    expect(tilburg.text.toString()).toBe('');
  });

  it('shares presence through awareness and removes it when a client leaves', async () => {
    const anna = await connect('notes:ngs:2025');
    const bram = await connect('notes:ngs:2025');
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna', color: '#1f77b4' });
    await waitFor(
      // The server names a presence after the account, so the colour tells Anna's presence apart.
      () => bram.provider.awareness.getStates().get(anna.doc.clientID)?.user?.color === '#1f77b4',
      'Bram to see Anna',
    );
    anna.provider.disconnect();
    await waitFor(() => !bram.provider.awareness.getStates().has(anna.doc.clientID), 'Anna to leave');
  });

  it('answers /healthz with the open rooms, checking nothing else', async () => {
    await connect('notes:ngs:health');
    const response = await fetch(`${server.httpUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', openRooms: 1 });
  });
});

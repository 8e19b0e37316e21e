import { waitFor } from '@klankbord/testing';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { upgradeStatus } from '../api/support.ts';
import { type Client, connectClient } from '../support/clients.ts';
import { READ_TOKEN, removeDataDir, startTestServer, type TestServer, WRITE_TOKEN } from '../support/server.ts';

describe('access to the collaboration endpoint', () => {
  let server: TestServer;
  const clients: Client[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
    removeDataDir(server.dataDir);
  });

  it('refuses a connection without a token, or with a wrong one, before upgrading', async () => {
    server = await startTestServer();
    expect(await upgradeStatus(`${server.collabUrl}/notes:ngs:1`)).toBe(401);
    expect(await upgradeStatus(`${server.collabUrl}/notes:ngs:1?token=not-the-token-at-all`)).toBe(401);
    expect(await upgradeStatus(`${server.collabUrl}/notes:ngs:1?token=${WRITE_TOKEN}x`)).toBe(401);
    expect(await upgradeStatus(`${server.collabUrl}/notes:ngs:1?token=${WRITE_TOKEN}`)).toBe(101);
    expect(await upgradeStatus(`${server.collabUrl}/notes:ngs:1?token=${READ_TOKEN}`)).toBe(101);
  });

  it('refuses a document name outside the allowed alphabet', async () => {
    server = await startTestServer();
    for (const name of ['Programme', '..%2F..%2Fetc', 'a%20b', '%3Cscript%3E', 'a'.repeat(201)]) {
      expect(await upgradeStatus(`${server.collabUrl}/${name}?token=${WRITE_TOKEN}`)).toBe(401);
    }
  });

  it('answers a plain HTTP request to the endpoint with 426', async () => {
    server = await startTestServer();
    const response = await fetch(`${server.httpUrl}/collab/notes:ngs:1?token=${WRITE_TOKEN}`);
    expect(response.status).toBe(426);
  });

  it('closes connections beyond the maximum number of documents per client', async () => {
    server = await startTestServer({ env: { COLLAB_MAX_DOCUMENTS_PER_CLIENT: '2' } });
    clients.push(await connectClient(server.collabUrl, 'notes:ngs:1'));
    clients.push(await connectClient(server.collabUrl, 'notes:ngs:2'));
    const closes: number[] = [];
    const third = new WebSocket(`${server.collabUrl}/notes:ngs:3?token=${WRITE_TOKEN}`);
    third.on('close', (code) => closes.push(code));
    await waitFor(() => closes.length === 1, 'the third connection to be closed');
    expect(closes).toEqual([4429]);
    // Another client (here: the read-only token) is counted on its own.
    clients.push(await connectClient(server.collabUrl, 'notes:ngs:1', { token: READ_TOKEN }));
  });

  it('refuses new connections and closes open ones while shutting down', async () => {
    server = await startTestServer();
    const client = await connectClient(server.collabUrl, 'notes:ngs:1');
    clients.push(client);
    const codes: number[] = [];
    client.provider.ws?.addEventListener('close', (event) => codes.push(event.code));
    await server.close();
    await waitFor(() => codes.length === 1, 'the client to be closed');
    expect(codes).toEqual([1001]);
    server = await startTestServer();
  });
});

import { waitFor } from '@klankbord/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openEventStream } from './support/events.ts';
import { arrangeMember } from './support/members.ts';
import { READ_TOKEN, removeDataDir, startTestServer, type TestServer, WRITE_TOKEN } from './support/server.ts';

describe('live events of a network', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
    removeDataDir(server.dataDir);
  });

  it('streams to members only, and ends the stream of a member who is removed', async () => {
    server = await startTestServer();
    const secretariat = 'kb_events-secretariaat-0123456789';
    await arrangeMember(server.db, { email: 'sec@ccv.nl', role: 'secretariaat', token: secretariat });
    const outsider = 'kb_events-outsider-0123456789';
    await arrangeMember(server.db, {
      email: 'buiten@example.nl',
      role: 'deelnemer',
      token: outsider,
      network: 'elders',
    });

    expect((await openEventStream(server.httpUrl, 'ngs', outsider)).status).toBe(404);
    const stream = await openEventStream(server.httpUrl, 'ngs', READ_TOKEN);
    expect(stream.status).toBe(200);
    await waitFor(() => stream.events.some((e) => e.event === 'ready'), 'the ready event');

    const gast = await server.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'gast@example.nl')
      .executeTakeFirstOrThrow();
    const removed = await fetch(`${server.httpUrl}/api/networks/ngs/members/${gast.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${secretariat}` },
    });
    expect(removed.status).toBe(204);
    await stream.ended;
    expect((await openEventStream(server.httpUrl, 'ngs', READ_TOKEN)).status).toBe(404);
    // Another member's stream is not affected.
    const other = await openEventStream(server.httpUrl, 'ngs', WRITE_TOKEN);
    await waitFor(() => other.events.some((e) => e.event === 'ready'), "another member's ready event");
    other.close();
  });
});

import { it } from 'vitest';
import { arrangeMember } from '../support/members.ts';
import { startTestServer, WRITE_TOKEN } from '../support/server.ts';
import { connectClient } from '../support/clients.ts';
import { waitFor } from '../support/wait.ts';
import { ApiClient, signedIn, recordCloses, stopServer } from './support.ts';

it('probe', async () => {
  const server = await startTestServer();
  await arrangeMember(server.db, { email: 'sec@example.nl', role: 'secretariaat' });
  const sec = await signedIn(server.httpUrl, 'sec@example.nl');
  const r1 = await sec.request('PATCH', '/api/networks/ngs', { raw: '{"name": ' });
  console.log('malformed', r1.status, r1.headers.get('content-type'), r1.body);
  const big = JSON.stringify({ name: 'Testnetwerk ngs', purpose: 'x', padding: 'y'.repeat(1024 * 1024) });
  const r2 = await sec.request('PATCH', '/api/networks/ngs', { raw: big });
  console.log('1MB', r2.status, r2.body);
  const r3 = await sec.request('PATCH', '/api/networks/ngs', { raw: 'null' });
  console.log('null', r3.status, r3.body);
  const r4 = await fetch(`${server.httpUrl}/api/networks/ngs`, { method: 'PATCH', headers: { origin: server.httpUrl, cookie: `klankbord_session=${sec.session}`, 'content-type': 'text/plain' }, body: '{"name":"a"}' });
  console.log('text/plain', r4.status, await r4.text());
  const members = await sec.get('/api/networks/ngs/members');
  const d = members.body.members.find((m: any) => m.email === 'deelnemer@example.nl');
  const client = await connectClient(server.collabUrl, 'programme:ngs:x', { token: WRITE_TOKEN });
  const closes = recordCloses(client);
  client.provider.on('closed', (e: any) => console.log('terminal closed', e));
  console.log((await sec.patch(`/api/networks/ngs/members/${d.userId}`, { role: 'gast' })).status);
  await waitFor(() => closes.length > 0, 'close');
  console.log('closes', closes, client.provider.shouldConnect);
  try { await waitFor(() => client.provider.synced, 'resync', 4000); console.log('resynced'); } catch (e) { console.log(String(e)); }
  client.destroy();
  await stopServer(server);
}, 20000);

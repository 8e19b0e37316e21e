import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { arrangeMember } from './support/members.ts';
import { removeDataDir, startTestServer, type TestServer } from './support/server.ts';

const facts = JSON.parse(readFileSync(new URL('../seed/netwerk-grote-steden.json', import.meta.url), 'utf8')) as {
  organisations: unknown[];
  g4: string[];
  g40: { ccvList: string[] };
};

describe('seeding on first start', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
    removeDataDir(server.dataDir);
  });

  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${server.httpUrl}/api${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });

  it('loads the public organisations and both networks, and they stay editable', async () => {
    server = await startTestServer();
    const all = (await (await fetch(`${server.httpUrl}/api/organisations`)).json()) as {
      organisations: { id: number; name: string; kind: string }[];
    };
    const municipalities = all.organisations.filter((o) => o.kind === 'gemeente');
    expect(municipalities).toHaveLength(facts.g4.length + facts.g40.ccvList.length);
    expect(all.organisations).toHaveLength(municipalities.length + facts.organisations.length);
    expect(all.organisations.map((o) => o.name)).toContain("Gemeente 's-Hertogenbosch");

    const token = 'kb_seed-secretariaat-0123456789';
    await arrangeMember(server.db, {
      email: 'sec@ccv.nl',
      role: 'secretariaat',
      token,
      network: 'g40-werkgroep-veiligheid',
    });
    const members = async () =>
      (
        (await (await api('/networks/g40-werkgroep-veiligheid/organisations', token)).json()) as {
          organisations: { id: number; name: string }[];
        }
      ).organisations;
    const before = await members();
    expect(before.map((o) => o.name)).toContain('Gemeente Zwolle');

    // Membership of the G40 changes: Amstelveen joins, Zwolle leaves.
    const created = await api('/organisations', token, {
      method: 'POST',
      body: JSON.stringify({ name: 'Gemeente Amstelveen', shortName: 'Amstelveen', kind: 'gemeente' }),
    });
    expect(created.status).toBe(201);
    const amstelveen = ((await created.json()) as { organisation: { id: number } }).organisation.id;
    const ids = before.filter((o) => o.name !== 'Gemeente Zwolle').map((o) => o.id);
    const put = await api('/networks/g40-werkgroep-veiligheid/organisations', token, {
      method: 'PUT',
      body: JSON.stringify({ organisationIds: [...ids, amstelveen] }),
    });
    expect(put.status).toBe(204);
    const after = (await members()).map((o) => o.name);
    expect(after).toContain('Gemeente Amstelveen');
    expect(after).not.toContain('Gemeente Zwolle');
    expect(after).toHaveLength(before.length);
  });

  it('does not seed again on a later start', async () => {
    server = await startTestServer();
    const count = async () =>
      ((await (await fetch(`${server.httpUrl}/api/organisations`)).json()) as { organisations: unknown[] })
        .organisations.length;
    const first = await count();
    await server.close();
    server = await startTestServer({ dataDir: server.dataDir });
    expect(await count()).toBe(first);
  });
});

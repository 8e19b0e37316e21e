import { CloseCode } from '@klankbord/collab';
import { addBarrierReport, ensureDocument } from '@klankbord/db';
import { type Action, actions, can, type Role, roles } from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Client, connectClient, roundTrip } from '../support/clients.ts';
import { arrangeMember } from '../support/members.ts';
import { READ_TOKEN, startTestServer, stopServer, type TestServer, WRITE_TOKEN } from '../support/server.ts';
import {
  ApiClient,
  type ApiResponse,
  connectWithoutPresence,
  recordCloses,
  signedIn,
  upgradeStatus,
} from './support.ts';

const SECRETARIAAT_TOKEN = 'kb_test-secretariaat-token-0123456789';
const KLANKBORDGROEP_TOKEN = 'kb_test-klankbordgroep-token-0123456789';
const OUTSIDER_TOKEN = 'kb_test-outsider-token-0123456789';

/** One member per role of network `ngs`, each with a personal API token. */
const members: Record<Role, { email: string; token: string }> = {
  secretariaat: { email: 'secretariaat@example.nl', token: SECRETARIAAT_TOKEN },
  klankbordgroep: { email: 'klankbordgroep@example.nl', token: KLANKBORDGROEP_TOKEN },
  deelnemer: { email: 'deelnemer@example.nl', token: WRITE_TOKEN },
  gast: { email: 'gast@example.nl', token: READ_TOKEN },
};
/** A deelnemer of another network: a stranger to `ngs`. */
const OUTSIDER = { email: 'buiten@example.nl', role: 'deelnemer' as const, network: 'elders', token: OUTSIDER_TOKEN };
const EXISTING_TEXT = 'Agenda netwerkdag Utrecht';

let server: TestServer;
const clients: Client[] = [];

async function arrangeNetwork(): Promise<void> {
  for (const role of roles) await arrangeMember(server.db, { ...members[role], role });
  await arrangeMember(server.db, OUTSIDER);
}

async function connect(documentName: string, token: string): Promise<Client> {
  const client = await connectWithoutPresence(server.collabUrl, documentName, { token });
  clients.push(client);
  return client;
}

function collabUrl(documentName: string, token?: string): string {
  return `${server.collabUrl}/${documentName}${token ? `?token=${token}` : ''}`;
}

async function roleOf(userId: number): Promise<string | null> {
  const row = await server.db
    .selectFrom('memberships')
    .innerJoin('networks', 'networks.id', 'memberships.network_id')
    .select('memberships.role')
    .where('networks.slug', '=', 'ngs')
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();
  return row?.role ?? null;
}

async function userIdOf(email: string): Promise<number> {
  const row = await server.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

let throwaways = 0;
/** A deelnemer of `ngs` made for one test, so that changing or removing them disturbs no other test. */
async function throwawayMember(): Promise<number> {
  const { userId } = await arrangeMember(server.db, { email: `doelwit-${++throwaways}@example.nl`, role: 'deelnemer' });
  return userId;
}

/**
 * Writes `edit` from `subject` and shows it never reaches anyone: once the server has handled the edit, a
 * writer's marker reaches the observer, and neither the observer nor a client that joins afterwards has the edit.
 */
async function expectEditDropped(documentName: string, subject: Client, edit: string): Promise<void> {
  const observer = await connect(documentName, SECRETARIAAT_TOKEN);
  const writer = await connect(documentName, SECRETARIAAT_TOKEN);
  subject.text.insert(0, edit);
  expect(await roundTrip(subject)).toBe('answered');
  const marker = 'markering van een schrijver';
  writer.text.insert(writer.text.length, marker);
  await waitFor(() => observer.text.toString().includes(marker), 'the marker to reach the observer');
  expect(observer.text.toString()).not.toContain(edit);
  const late = await connect(documentName, SECRETARIAAT_TOKEN);
  expect(late.text.toString()).toContain(marker);
  expect(late.text.toString()).not.toContain(edit);
}

/** Writes `edit` from `subject` and waits until another client has it. */
async function expectEditShared(documentName: string, subject: Client, edit: string): Promise<void> {
  const observer = await connect(documentName, SECRETARIAAT_TOKEN);
  subject.text.insert(0, edit);
  await waitFor(() => observer.text.toString().includes(edit), `"${edit}" to reach another client`);
}

/** A REST request made for an action; `global` ones (creating a network, an organisation) name no network. */
interface Attempt {
  scope: 'network' | 'global';
  response: ApiResponse;
  /** For a request that changes something: whether the change is there afterwards (read from the database). */
  changed?: boolean;
}

// Documents are probed over WebSocket below; afspraken (which need a verslag to mark them on), voorbeelden and
// their discussions have their own role tables in test/report/afspraken.test.ts and test/examples/.
type ProbedAction = Exclude<Action, `afspraak.${string}` | `example.${string}` | 'discussion.moderate'>;
type RestAction = Exclude<ProbedAction, 'document.read' | 'document.write'>;
const probedActions = actions.filter(
  (action): action is ProbedAction =>
    !action.startsWith('afspraak.') && !action.startsWith('example.') && action !== 'discussion.moderate',
);
let attemptNumber = 0;

/** The concrete requests that exercise each action of the matrix that REST decides. */
const attempts: Record<RestAction, (api: ApiClient) => Promise<Attempt[]>> = {
  'network.view': async (api) => [{ scope: 'network', response: await api.get('/api/networks/ngs') }],
  'network.edit': async (api) => {
    const name = `Testnetwerk ngs ${++attemptNumber}`;
    const response = await api.patch('/api/networks/ngs', { name, purpose: 'Voor de tests' });
    const row = await server.db.selectFrom('networks').select('name').where('slug', '=', 'ngs').executeTakeFirst();
    return [{ scope: 'network', response, changed: row?.name === name }];
  },
  'network.create': async (api) => {
    const slug = `netwerk-${++attemptNumber}`;
    const response = await api.post('/api/networks', { slug, name: `Netwerk ${attemptNumber}`, purpose: '' });
    const row = await server.db.selectFrom('networks').select('id').where('slug', '=', slug).executeTakeFirst();
    return [{ scope: 'global', response, changed: row !== undefined }];
  },
  'organisation.manage': async (api) => {
    const name = `Gemeente Teststad ${++attemptNumber}`;
    const created = await api.post('/api/organisations', { name, shortName: null, kind: 'gemeente' });
    const row = await server.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirst();
    // Each attempt puts a different seeded organisation alone in the network, so the change can be recognised.
    const seeded = await server.db.selectFrom('organisations').select('id').orderBy('id').execute();
    const organisationId = seeded[attemptNumber % seeded.length]!.id;
    const put = await api.put('/api/networks/ngs/organisations', { organisationIds: [organisationId] });
    const inNetwork = await server.db
      .selectFrom('network_organisations')
      .innerJoin('networks', 'networks.id', 'network_organisations.network_id')
      .select('organisation_id')
      .where('networks.slug', '=', 'ngs')
      .execute();
    return [
      { scope: 'global', response: created, changed: row !== undefined },
      {
        scope: 'network',
        response: put,
        changed: inNetwork.length === 1 && inNetwork[0]?.organisation_id === organisationId,
      },
    ];
  },
  'member.list': async (api) => [{ scope: 'network', response: await api.get('/api/networks/ngs/members') }],
  'member.invite': async (api) => {
    const email = `uitgenodigd-${++attemptNumber}@example.nl`;
    const response = await api.post('/api/networks/ngs/invitations', { email, role: 'deelnemer' });
    const row = await server.db.selectFrom('invitations').select('id').where('email', '=', email).executeTakeFirst();
    return [{ scope: 'network', response, changed: row !== undefined }];
  },
  'member.changeRole': async (api) => {
    const userId = await throwawayMember();
    const response = await api.patch(`/api/networks/ngs/members/${userId}`, { role: 'klankbordgroep' });
    return [{ scope: 'network', response, changed: (await roleOf(userId)) === 'klankbordgroep' }];
  },
  'member.remove': async (api) => {
    const userId = await throwawayMember();
    const response = await api.delete(`/api/networks/ngs/members/${userId}`);
    return [{ scope: 'network', response, changed: (await roleOf(userId)) === null }];
  },
  'member.resetPassword': async (api) => {
    const userId = await throwawayMember();
    const response = await api.post(`/api/networks/ngs/members/${userId}/password-reset`);
    const row = await server.db
      .selectFrom('password_resets')
      .select('id')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return [{ scope: 'network', response, changed: row !== undefined }];
  },
  'audit.view': async (api) => [{ scope: 'network', response: await api.get('/api/networks/ngs/audit') }],
  'meeting.create': async (api) => {
    const title = `Netwerkdag ${++attemptNumber}`;
    const response = await api.post('/api/networks/ngs/meetings', {
      title,
      dates: ['2026-03-12'],
      format: 'in-person',
      hostOrganisationId: null,
      venue: '',
    });
    const row = await server.db.selectFrom('meetings').select('id').where('title', '=', title).executeTakeFirst();
    return [{ scope: 'network', response, changed: row !== undefined }];
  },
  // The theme timeline's recurring topics; who may read them, bounds and suggestions: test/timeline/.
  'topic.curate': async (api) => {
    const name = `Onderwerp ${++attemptNumber}`;
    const response = await api.post('/api/networks/ngs/topics', { name });
    const row = await server.db.selectFrom('topics').select('id').where('name', '=', name).executeTakeFirst();
    return [{ scope: 'network', response, changed: row !== undefined }];
  },
  // Site-wide: the secretariaat of any network reads and handles the barrier reports of the accessibility statement.
  'barrierReport.handle': async (api) => {
    const report = { page: '/networks/ngs', description: `Knop onbereikbaar ${++attemptNumber}`, email: null };
    const id = await addBarrierReport(server.db, { ...report, userId: null });
    if (id === 'full') throw new Error('too many open barrier reports for this test');
    const list = await api.get('/api/barrier-reports');
    const patch = await api.patch(`/api/barrier-reports/${id}`, { status: 'handled' });
    const row = await server.db.selectFrom('barrier_reports').select('status').where('id', '=', id).executeTakeFirst();
    return [
      { scope: 'global', response: list },
      { scope: 'global', response: patch, changed: row?.status === 'handled' },
    ];
  },
};

function expectAllowed(attempt: Attempt): void {
  expect(attempt.response.status, JSON.stringify(attempt.response.body)).toBeGreaterThanOrEqual(200);
  expect(attempt.response.status, JSON.stringify(attempt.response.body)).toBeLessThan(300);
  if (attempt.changed !== undefined) expect(attempt.changed).toBe(true);
}

function expectRefused(attempt: Attempt, status: number, error: string): void {
  expect({ status: attempt.response.status, body: attempt.response.body }).toEqual({ status, body: { error } });
  if (attempt.changed !== undefined) expect(attempt.changed).toBe(false);
}

describe('the permission matrix, as the server enforces it', () => {
  const callers = {} as Record<Role, ApiClient>;
  let outsider: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    await arrangeNetwork();
    for (const role of roles) callers[role] = await signedIn(server.httpUrl, members[role].email);
    outsider = await signedIn(server.httpUrl, OUTSIDER.email);
    // The text every reader should receive on connecting.
    const author = await connect('notes:ngs:bestaand', SECRETARIAAT_TOKEN);
    author.text.insert(0, EXISTING_TEXT);
    const check = await connect('notes:ngs:bestaand', WRITE_TOKEN);
    await waitFor(() => check.text.toString() === EXISTING_TEXT, 'the existing text to be stored');
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    await stopServer(server);
  });

  for (const role of roles) {
    describe(`a ${role}`, () => {
      for (const action of probedActions) {
        const allowed = can(role, action);
        it(`${allowed ? 'may' : 'may not'} ${action}`, async () => {
          const token = members[role].token;
          if (action === 'document.read') {
            if (!allowed) {
              expect(await upgradeStatus(collabUrl('notes:ngs:bestaand', token))).toBe(401);
              return;
            }
            const reader = await connect('notes:ngs:bestaand', token);
            expect(reader.text.toString()).toBe(EXISTING_TEXT);
          } else if (action === 'document.write') {
            const documentName = await existingNotes(`notes:ngs:schrijven-${role}`);
            const subject = await connect(documentName, token);
            const edit = `bewerking door ${role}`;
            if (allowed) await expectEditShared(documentName, subject, edit);
            else await expectEditDropped(documentName, subject, edit);
          } else {
            for (const attempt of await attempts[action](callers[role])) {
              if (allowed) expectAllowed(attempt);
              else expectRefused(attempt, 403, 'forbidden');
            }
          }
        });
      }
    });
  }

  describe('someone who is not a member of the network', () => {
    for (const action of probedActions) {
      const where = action.startsWith('document.') ? 'on the collaboration endpoint' : 'over REST';
      it(`is refused ${action} ${where}, and the network stays hidden`, async () => {
        if (action === 'document.read' || action === 'document.write') {
          expect(await upgradeStatus(collabUrl('notes:ngs:bestaand', OUTSIDER.token))).toBe(401);
          return;
        }
        for (const attempt of await attempts[action](outsider)) {
          // Actions that name no network are judged on the outsider's roles elsewhere (a deelnemer there).
          if (attempt.scope === 'global' && can(OUTSIDER.role, action)) expectAllowed(attempt);
          else if (attempt.scope === 'global') expectRefused(attempt, 403, 'forbidden');
          else expectRefused(attempt, 404, 'not_found');
        }
      });
    }

    it('gets 404 for the network and 401 on the upgrade of one of its documents', async () => {
      expect((await outsider.get('/api/networks/ngs')).status).toBe(404);
      expect((await new ApiClient(server.httpUrl, OUTSIDER.token).get('/api/networks/ngs')).status).toBe(404);
      expect(await upgradeStatus(collabUrl('notes:ngs:x', OUTSIDER.token))).toBe(401);
      // Their own network is theirs as ever.
      expect((await outsider.get('/api/networks/elders')).status).toBe(200);
      expect(await upgradeStatus(collabUrl('notes:elders:x', OUTSIDER.token))).toBe(101);
    });
  });

  describe('a client without credentials', () => {
    for (const action of probedActions) {
      it(`gets 401 for ${action}`, async () => {
        if (action === 'document.read' || action === 'document.write') {
          expect(await upgradeStatus(collabUrl('notes:ngs:bestaand'))).toBe(401);
          return;
        }
        for (const attempt of await attempts[action](new ApiClient(server.httpUrl))) {
          expectRefused(attempt, 401, 'unauthorised');
        }
      });
    }
  });
});

/** A network's notes document that exists already, as one a reader may open (a reader never creates one). */
async function existingNotes(name: string): Promise<string> {
  await ensureDocument(server.db, { name, kind: 'notes', scope: 'ngs' });
  return name;
}

describe('losing access while connected', () => {
  let secretariat: ApiClient;

  beforeEach(async () => {
    server = await startTestServer();
    await arrangeNetwork();
    secretariat = await signedIn(server.httpUrl, members.secretariaat.email);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await stopServer(server);
  });

  it('closes the socket of a removed member with 4403 and refuses their reconnection', async () => {
    const removed = await connect('notes:ngs:verwijderd', WRITE_TOKEN);
    const closes = recordCloses(removed);
    const userId = await userIdOf(members.deelnemer.email);

    expect((await secretariat.delete(`/api/networks/ngs/members/${userId}`)).status).toBe(204);

    await waitFor(() => closes.length > 0, 'the removed member to be disconnected');
    expect(closes).toEqual([CloseCode.accessRevoked]);
    expect(await upgradeStatus(collabUrl('notes:ngs:verwijderd', WRITE_TOKEN))).toBe(401);
    expect((await new ApiClient(server.httpUrl, WRITE_TOKEN).get('/api/networks/ngs')).status).toBe(404);
  });

  it('disconnects a member downgraded to gast, whose next connection is read-only', async () => {
    const documentName = 'notes:ngs:verlaagd';
    const downgraded = await connect(documentName, WRITE_TOKEN);
    const closes = recordCloses(downgraded);
    const userId = await userIdOf(members.deelnemer.email);

    expect((await secretariat.patch(`/api/networks/ngs/members/${userId}`, { role: 'gast' })).status).toBe(204);

    await waitFor(() => closes.length > 0, 'the downgraded member to be disconnected');
    // Not final: the client reconnects by itself and is authorised afresh.
    expect(closes[0]).toBe(CloseCode.accessChanged);
    const again = await connect(documentName, WRITE_TOKEN);
    await expectEditDropped(documentName, again, 'bewerking na verlaging');
  });

  it('lets the stock client of a downgraded member reconnect by itself, read-only', async () => {
    const documentName = 'notes:ngs:herverbonden';
    const downgraded = await connect(documentName, WRITE_TOKEN);
    const closes = recordCloses(downgraded);
    const userId = await userIdOf(members.deelnemer.email);

    expect((await secretariat.patch(`/api/networks/ngs/members/${userId}`, { role: 'gast' })).status).toBe(204);

    await waitFor(() => closes.length > 0, 'the downgraded member to be disconnected');
    await waitFor(() => downgraded.provider.synced, 'the client to reconnect and sync again', 3000);
    await expectEditDropped(documentName, downgraded, 'bewerking na herverbinding');
  });

  it('gives an API token exactly its owner’s current role', async () => {
    const tokenOwner = { email: 'tweede-secretariaat@example.nl', token: 'kb_test-second-secretariaat-0123456789' };
    await arrangeMember(server.db, { ...tokenOwner, role: 'secretariaat' });
    const script = new ApiClient(server.httpUrl, tokenOwner.token);
    const invite = (email: string) => script.post('/api/networks/ngs/invitations', { email, role: 'deelnemer' });
    expect((await invite('voor@example.nl')).status).toBe(201);
    const userId = await userIdOf(tokenOwner.email);

    expect((await secretariat.patch(`/api/networks/ngs/members/${userId}`, { role: 'gast' })).status).toBe(204);

    expect(await invite('na@example.nl')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await script.get('/api/networks/ngs')).body.role).toBe('gast');
    const documentName = await existingNotes('notes:ngs:token-verlaagd');
    await expectEditDropped(documentName, await connect(documentName, tokenOwner.token), 'bewerking met token');
  });

  it('refuses a revoked API token on REST and on the collaboration endpoint', async () => {
    const owner = await signedIn(server.httpUrl, members.deelnemer.email);
    const created = await owner.post('/api/tokens', { name: 'script', expiresInDays: 30 });
    expect(created.status).toBe(201);
    const { secret, token } = created.body as { secret: string; token: { id: number } };
    const script = new ApiClient(server.httpUrl, secret);
    expect((await script.get('/api/networks/ngs')).status).toBe(200);
    const connected = await connect('notes:ngs:ingetrokken', secret);
    const closes = recordCloses(connected);

    expect((await owner.delete(`/api/tokens/${token.id}`)).status).toBe(204);

    expect(await script.get('/api/networks/ngs')).toMatchObject({ status: 401, body: { error: 'unauthorised' } });
    await waitFor(() => closes.length > 0, 'the revoked token’s socket to be closed');
    expect(closes).toEqual([CloseCode.accessRevoked]);
    expect(await upgradeStatus(collabUrl('notes:ngs:ingetrokken', secret))).toBe(401);
    // The owner's own session is untouched.
    expect((await owner.get('/api/networks/ngs')).status).toBe(200);
  });
});

describe('several members in one document', () => {
  beforeEach(async () => {
    server = await startTestServer();
    await arrangeNetwork();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await stopServer(server);
  });

  it('keeps members connected while their presence travels between them', async () => {
    const documentName = 'notes:ngs:samen';
    const anna = await connectClient(server.collabUrl, documentName, { token: SECRETARIAAT_TOKEN });
    clients.push(anna);
    const annaCloses = recordCloses(anna);
    // The server names a presence after the account, so each colour tells a client's own state apart.
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna', color: '#1f77b4' });
    const bram = await connectClient(server.collabUrl, documentName, { token: WRITE_TOKEN, waitForSync: false });
    clients.push(bram);
    const bramCloses = recordCloses(bram);
    await waitFor(() => bram.provider.synced, 'Bram to sync');
    const seenBy = (client: Client, other: Client) => client.provider.awareness.getStates().get(other.doc.clientID);

    expect(await roundTrip(bram)).toBe('answered');
    expect(bramCloses).toEqual([]);
    await waitFor(() => seenBy(bram, anna)?.user?.color === '#1f77b4', 'Bram to see Anna');

    anna.provider.awareness.setLocalStateField('cursor', 7);
    await waitFor(() => seenBy(bram, anna)?.cursor === 7, "Bram to see Anna's cursor");
    expect(await roundTrip(bram)).toBe('answered');
    bram.provider.awareness.setLocalStateField('user', { name: 'Bram', color: '#ff7f0e' });
    await waitFor(() => seenBy(anna, bram)?.user?.color === '#ff7f0e', 'Anna to see Bram');
    expect(await roundTrip(anna)).toBe('answered');
    expect({ anna: annaCloses, bram: bramCloses }).toEqual({ anna: [], bram: [] });
  });
});

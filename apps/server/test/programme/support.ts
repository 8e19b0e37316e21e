import { createMeeting, type Db, findMeeting, setMeetingStatus } from '@klankbord/db';
import { type MeetingStatus, meetingStatuses, type Role } from '@klankbord/domain';
import { afterEach } from 'vitest';
import { ApiClient, connectWithoutPresence } from '../api/support.ts';
import type { Client } from '../support/clients.ts';
import { arrangeMember } from '../support/members.ts';
import { READ_TOKEN, WRITE_TOKEN } from '../support/server.ts';
import { type UseServerOptions, useTestServer } from '../support/use-server.ts';

/** A token per role of network `ngs`, and a secretariaat of network `elders`. */
export const tokens: Record<Role | 'elders', string> = {
  secretariaat: 'kb_test-programme-secretariaat-0123456789',
  klankbordgroep: 'kb_test-programme-klankbordgroep-0123456789',
  deelnemer: WRITE_TOKEN,
  gast: READ_TOKEN,
  elders: 'kb_test-programme-elders-0123456789',
};

/** Makes a member per role of `ngs` and a secretariaat of `elders`; returns the ngs secretariaat's ids. */
export async function arrangeMembers(db: Db): Promise<{ userId: number; networkId: number; eldersId: number }> {
  const ids = await arrangeMember(db, {
    email: 'programma-sec@example.nl',
    role: 'secretariaat',
    token: tokens.secretariaat,
  });
  await arrangeMember(db, { email: 'programma-kbg@example.nl', role: 'klankbordgroep', token: tokens.klankbordgroep });
  await arrangeMember(db, { email: 'deelnemer@example.nl', role: 'deelnemer', token: tokens.deelnemer });
  await arrangeMember(db, { email: 'gast@example.nl', role: 'gast', token: tokens.gast });
  const elders = await arrangeMember(db, {
    email: 'programma-elders@example.nl',
    role: 'secretariaat',
    token: tokens.elders,
    network: 'elders',
  });
  return { ...ids, eldersId: elders.networkId };
}

/** Creates a meeting (in preparation) straight in the database. */
export async function arrangeMeeting(db: Db, networkId: number, createdBy: number): Promise<number> {
  const meeting = await createMeeting(
    db,
    networkId,
    { title: 'Netwerkdag Utrecht', dates: ['2026-03-12'], format: 'in-person', hostOrganisationId: null, venue: '' },
    createdBy,
  );
  return meeting.id;
}

/** Moves a meeting forward (or back to preparation) step by step through its lifecycle. */
export async function moveMeeting(db: Db, meetingId: number, to: MeetingStatus): Promise<void> {
  for (;;) {
    const meeting = await findMeeting(db, meetingId);
    if (!meeting) throw new Error(`no meeting ${meetingId}`);
    if (meeting.status === to) return;
    const here = meetingStatuses.indexOf(meeting.status);
    const next = meetingStatuses[here + (meetingStatuses.indexOf(to) > here ? 1 : -1)] as MeetingStatus;
    if (!(await setMeetingStatus(db, meetingId, meeting.status, next))) throw new Error('status changed meanwhile');
  }
}

/** A stock client without presence, remembered so that `destroyAll` can end it. */
export function clientPool(collabUrl: () => string) {
  const clients: Client[] = [];
  return {
    async connect(documentName: string, token: string): Promise<Client> {
      const client = await connectWithoutPresence(collabUrl(), documentName, { token });
      clients.push(client);
      return client;
    },
    destroyAll(): void {
      for (const client of clients.splice(0)) client.destroy();
    },
  };
}

/**
 * One server for the file with the members of `arrangeMembers`; `ngs` holds the ngs secretariaat's ids, `pool`
 * is emptied after each test, and `api(who)` is a REST client with that member's token.
 */
export function useMembersServer(options: UseServerOptions = {}) {
  const use = useTestServer((server) => arrangeMembers(server.db), options);
  const pool = clientPool(() => use.server.collabUrl);
  afterEach(() => pool.destroyAll());
  return {
    get server() {
      return use.server;
    },
    get ngs() {
      return use.arranged;
    },
    pool,
    api: (who: keyof typeof tokens) => new ApiClient(use.server.httpUrl, tokens[who]),
    restart: () => use.restart(),
  };
}

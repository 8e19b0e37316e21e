import { countRows, createMeeting, type Db, type Meeting, setMeetingStatus } from '@klankbord/db';
import { type MeetingStatus, meetingStatuses } from '@klankbord/domain';
import { ApiClient } from '../api/support.ts';
import { arrangeMember } from '../support/members.ts';
import { READ_TOKEN, type TestServer, WRITE_TOKEN } from '../support/server.ts';

export const SECRETARIAAT_TOKEN = 'kb_discussions-secretariaat-0123456789';
export const KLANKBORDGROEP_TOKEN = 'kb_discussions-klankbordgroep-0123456789';
export const SECOND_DEELNEMER_TOKEN = 'kb_discussions-deelnemer-2-0123456789';
export const OUTSIDER_TOKEN = 'kb_discussions-outsider-0123456789';

/** The members of the test network (and one of another network), each as a Bearer client with their user id. */
export interface Cast {
  secretariaat: Member;
  klankbordgroep: Member;
  /** Two deelnemers, to see one's messages from the other's side. */
  deelnemer: Member;
  deelnemer2: Member;
  gast: Member;
  /** A deelnemer of another network. */
  outsider: Member;
}

export interface Member {
  id: number;
  api: ApiClient;
}

/** Makes the cast of members; the deelnemer and gast are the test server's own (WRITE_TOKEN, READ_TOKEN). */
export async function arrangeCast(server: TestServer): Promise<Cast> {
  const member = async (
    email: string,
    role: Parameters<typeof arrangeMember>[1]['role'],
    token: string,
    network?: string,
  ) => {
    const { userId } = await arrangeMember(server.db, { email, role, token, ...(network ? { network } : {}) });
    return { id: userId, api: new ApiClient(server.httpUrl, token) };
  };
  return {
    secretariaat: await member('sanne@ccv.nl', 'secretariaat', SECRETARIAAT_TOKEN),
    klankbordgroep: await member('kbg@tilburg.nl', 'klankbordgroep', KLANKBORDGROEP_TOKEN),
    deelnemer: await member('deelnemer@example.nl', 'deelnemer', WRITE_TOKEN),
    deelnemer2: await member('joost@breda.nl', 'deelnemer', SECOND_DEELNEMER_TOKEN),
    gast: await member('gast@example.nl', 'gast', READ_TOKEN),
    outsider: await member('buiten@example.nl', 'deelnemer', OUTSIDER_TOKEN, 'elders'),
  };
}

/** Creates a meeting of the test network and walks it to `status` along the lifecycle. */
export async function arrangeMeeting(db: Db, cast: Cast, status: MeetingStatus): Promise<Meeting> {
  const network = await db.selectFrom('networks').select('id').where('slug', '=', 'ngs').executeTakeFirstOrThrow();
  const meeting = await createMeeting(
    db,
    network.id,
    { title: 'Netwerkdag Tilburg', dates: ['2026-10-08'], format: 'in-person', hostOrganisationId: null, venue: '' },
    cast.secretariaat.id,
  );
  const path = meetingStatuses.slice(0, meetingStatuses.indexOf(status) + 1);
  for (let i = 1; i < path.length; i++) {
    if (!(await setMeetingStatus(db, meeting.id, path[i - 1]!, path[i]!))) throw new Error('could not move meeting');
  }
  return { ...meeting, status };
}

/** Opens (and so creates) the thread of a subject as a member; fails unless it answers 200. */
export async function openThread(
  member: Member,
  subject: string,
): Promise<{ id: number; messages: any[]; unread: number }> {
  const response = await member.api.get(`/api/threads?subject=${encodeURIComponent(subject)}`);
  if (response.status !== 200)
    throw new Error(`opening ${subject}: ${response.status} ${JSON.stringify(response.body)}`);
  return { id: response.body.thread.id, messages: response.body.messages, unread: response.body.unread };
}

/** Posts a message; fails unless it answers 201. */
export async function post(member: Member, threadId: number, body: string, mentions: number[] = []): Promise<any> {
  const response = await member.api.post(`/api/threads/${threadId}/messages`, { body, mentions });
  if (response.status !== 201) throw new Error(`posting: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.message;
}

/** Rows of the discussion tables, to show that a refused request stored nothing. */
export async function countDiscussionRows(db: Db): Promise<{ threads: number; messages: number; reads: number }> {
  const count = (table: 'threads' | 'messages' | 'thread_reads') => countRows(db, table);
  return { threads: await count('threads'), messages: await count('messages'), reads: await count('thread_reads') };
}

import { createMeeting, createStatement, createTheme, setMeetingStatus, setVotingOpen } from '@klankbord/db';
import { type MeetingInput, type MeetingStatus, meetingStatuses, type Role, roles } from '@klankbord/domain';
import { ApiClient } from '../api/support.ts';
import { arrangeMember } from '../support/members.ts';
import { READ_TOKEN, type TestServer, WRITE_TOKEN } from '../support/server.ts';

/** One member per role of network `ngs`, each with a personal API token (the deelnemer and gast are the server's own). */
export const members: Record<Role, { email: string; token: string }> = {
  secretariaat: { email: 'secretariaat@example.nl', token: 'kb_meetings-secretariaat-0123456789' },
  klankbordgroep: { email: 'klankbordgroep@example.nl', token: 'kb_meetings-klankbordgroep-0123456789' },
  deelnemer: { email: 'deelnemer@example.nl', token: WRITE_TOKEN },
  gast: { email: 'gast@example.nl', token: READ_TOKEN },
};

/** A deelnemer of another network: a stranger to `ngs`. */
export const OUTSIDER = {
  email: 'buiten@example.nl',
  role: 'deelnemer' as const,
  network: 'elders',
  token: 'kb_meetings-outsider-0123456789',
};

export interface Cast {
  api: Record<Role, ApiClient>;
  userIds: Record<Role, number>;
  outsider: ApiClient;
  anonymous: ApiClient;
  networkId: number;
}

/** Arranges one member per role and an outsider, and REST clients that use their Bearer tokens. */
export async function arrangeCast(server: TestServer): Promise<Cast> {
  const api = {} as Record<Role, ApiClient>;
  const userIds = {} as Record<Role, number>;
  let networkId = 0;
  for (const role of roles) {
    const arranged = await arrangeMember(server.db, { ...members[role], role });
    api[role] = new ApiClient(server.httpUrl, members[role].token);
    userIds[role] = arranged.userId;
    networkId = arranged.networkId;
  }
  await arrangeMember(server.db, OUTSIDER);
  return {
    api,
    userIds,
    outsider: new ApiClient(server.httpUrl, OUTSIDER.token),
    anonymous: new ApiClient(server.httpUrl),
    networkId,
  };
}

let extraMembers = 0;
/** Another member of `ngs` with a role, for tests that need several people voting or supporting. */
export async function extraMember(server: TestServer, role: Role): Promise<{ api: ApiClient; userId: number }> {
  const n = ++extraMembers;
  const token = `kb_meetings-extra-${n}-0123456789`;
  const { userId } = await arrangeMember(server.db, { email: `lid-${n}@example.nl`, role, token });
  return { api: new ApiClient(server.httpUrl, token), userId };
}

/** A well-formed meeting body for POST /api/networks/:slug/meetings and PATCH /api/meetings/:id. */
export function meetingBody(overrides: Partial<Record<keyof MeetingInput, unknown>> = {}) {
  return {
    title: 'Netwerkdag Tilburg',
    dates: ['2025-10-09'],
    format: 'in-person',
    hostOrganisationId: null,
    venue: 'Stadskantoor',
    ...overrides,
  };
}

/**
 * A meeting of `ngs` brought straight to a status through the database, so a test can start where it needs
 * to; the lifecycle tests move meetings through the API instead.
 */
export async function meetingIn(
  server: TestServer,
  cast: Cast,
  status: MeetingStatus,
  input: Partial<MeetingInput> = {},
): Promise<number> {
  const meeting = await createMeeting(
    server.db,
    cast.networkId,
    {
      title: 'Netwerkdag',
      dates: ['2025-10-09'],
      format: 'in-person',
      hostOrganisationId: null,
      venue: '',
      ...input,
    },
    cast.userIds.secretariaat,
  );
  // Walk the lifecycle in order, as the permission matrix would.
  const steps = meetingStatuses.slice(0, meetingStatuses.indexOf(status) + 1);
  for (let i = 1; i < steps.length; i++) {
    if (!(await setMeetingStatus(server.db, meeting.id, steps[i - 1]!, steps[i]!)))
      throw new Error('status move failed');
  }
  return meeting.id;
}

/** A theme proposed by the klankbordgroep member, through the database. */
export async function themeIn(server: TestServer, cast: Cast, meetingId: number, title = 'Carbidschieten') {
  return createTheme(server.db, meetingId, { title, why: 'Speelt in veel steden' }, cast.userIds.klankbordgroep);
}

/** A statement of a meeting, through the database; voting open when asked. */
export async function statementIn(
  server: TestServer,
  meetingId: number,
  options: { open?: boolean; text?: string } = {},
) {
  const statement = await createStatement(server.db, meetingId, {
    text: options.text ?? 'Cameratoezicht werkt preventief',
    context: '',
    sessionId: null,
  });
  if (options.open) await setVotingOpen(server.db, statement.id, true);
  return statement;
}

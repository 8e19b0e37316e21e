import {
  can,
  canInMeeting,
  canTransition,
  type MeetingAction,
  type MeetingStatus,
  meetingActions,
  meetingStatuses,
  type Role,
  roles,
} from '@klankbord/domain';
import { describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../api/support.ts';
import { useCastServer } from '../support/use-server.ts';
import { arrangeCast, meetingBody, meetingIn, statementIn, themeIn } from './fixtures.ts';

const ctx = useCastServer(arrangeCast);

/** A request made for an action, and whether its change is there afterwards (read from the database). */
interface Attempt {
  response: ApiResponse;
  changed?: boolean;
}

/** The meeting actions that a REST route decides; the rest belong to documents and discussions. */
type RestMeetingAction = Extract<
  MeetingAction,
  | 'meeting.view'
  | 'meeting.edit'
  | 'theme.view'
  | 'theme.propose'
  | 'theme.support'
  | 'theme.choose'
  | 'statement.manage'
  | 'statement.openVoting'
  | 'statement.vote'
>;
const restActions = meetingActions.filter((action): action is RestMeetingAction =>
  [
    'meeting.view',
    'meeting.edit',
    'theme.view',
    'theme.propose',
    'theme.support',
    'theme.choose',
    'statement.manage',
    'statement.openVoting',
    'statement.vote',
  ].includes(action),
);

let attemptNumber = 0;

/** The concrete requests that exercise each meeting action, on a meeting made for the attempt. */
const attempts: Record<RestMeetingAction, (api: ApiClient, meetingId: number, userId: number) => Promise<Attempt[]>> = {
  'meeting.view': async (api, meetingId) => [{ response: await api.get(`/api/meetings/${meetingId}`) }],
  'meeting.edit': async (api, meetingId) => {
    const title = `Bewerkte netwerkdag ${++attemptNumber}`;
    const response = await api.patch(`/api/meetings/${meetingId}`, meetingBody({ title }));
    const row = await ctx.server.db
      .selectFrom('meetings')
      .select('title')
      .where('id', '=', meetingId)
      .executeTakeFirst();
    return [{ response, changed: row?.title === title }];
  },
  'theme.view': async (api, meetingId) => [{ response: await api.get(`/api/meetings/${meetingId}/themes`) }],
  'theme.propose': async (api, meetingId) => {
    const title = `Thema ${++attemptNumber}`;
    const response = await api.post(`/api/meetings/${meetingId}/themes`, { title, why: 'Omdat het speelt' });
    const row = await ctx.server.db.selectFrom('themes').select('id').where('title', '=', title).executeTakeFirst();
    return [{ response, changed: row !== undefined }];
  },
  'theme.support': async (api, meetingId, userId) => {
    const theme = await themeIn(ctx.server, ctx.cast, meetingId);
    const response = await api.put(`/api/meetings/${meetingId}/support`, { themeId: theme.id });
    const row = await ctx.server.db
      .selectFrom('theme_supports')
      .select('theme_id')
      .where('meeting_id', '=', meetingId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return [{ response, changed: row?.theme_id === theme.id }];
  },
  'theme.choose': async (api, meetingId) => {
    const theme = await themeIn(ctx.server, ctx.cast, meetingId);
    const response = await api.post(`/api/themes/${theme.id}/chosen`, { chosen: true });
    const row = await ctx.server.db.selectFrom('themes').select('chosen').where('id', '=', theme.id).executeTakeFirst();
    return [{ response, changed: row?.chosen === 1 }];
  },
  'statement.manage': async (api, meetingId) => {
    const text = `Stelling ${++attemptNumber}`;
    const created = await api.post(`/api/meetings/${meetingId}/statements`, { text, context: '' });
    const createdRow = await ctx.server.db
      .selectFrom('statements')
      .select('id')
      .where('text', '=', text)
      .executeTakeFirst();
    const existing = await statementIn(ctx.server, meetingId);
    const edited = await api.patch(`/api/statements/${existing.id}`, { text: `${text} (herzien)`, context: '' });
    const editedRow = await ctx.server.db
      .selectFrom('statements')
      .select('text')
      .where('id', '=', existing.id)
      .executeTakeFirst();
    const doomed = await statementIn(ctx.server, meetingId);
    const deleted = await api.delete(`/api/statements/${doomed.id}`);
    const deletedRow = await ctx.server.db
      .selectFrom('statements')
      .select('id')
      .where('id', '=', doomed.id)
      .executeTakeFirst();
    return [
      { response: created, changed: createdRow !== undefined },
      { response: edited, changed: editedRow?.text === `${text} (herzien)` },
      { response: deleted, changed: deletedRow === undefined },
    ];
  },
  'statement.openVoting': async (api, meetingId) => {
    const statement = await statementIn(ctx.server, meetingId);
    const response = await api.post(`/api/statements/${statement.id}/voting`, { open: true });
    const row = await ctx.server.db
      .selectFrom('statements')
      .select('voting_open')
      .where('id', '=', statement.id)
      .executeTakeFirst();
    return [{ response, changed: row?.voting_open === 1 }];
  },
  'statement.vote': async (api, meetingId, userId) => {
    const statement = await statementIn(ctx.server, meetingId, { open: true });
    const response = await api.put(`/api/statements/${statement.id}/vote`, { position: 'agree' });
    const row = await ctx.server.db
      .selectFrom('votes')
      .select('position')
      .where('statement_id', '=', statement.id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return [{ response, changed: row?.position === 'agree' }];
  },
};

function expectAllowed(attempt: Attempt): void {
  const seen = JSON.stringify(attempt.response.body);
  expect(attempt.response.status, seen).toBeGreaterThanOrEqual(200);
  expect(attempt.response.status, seen).toBeLessThan(300);
  if (attempt.changed !== undefined) expect(attempt.changed, seen).toBe(true);
}

function expectRefused(attempt: Attempt, status: number, error: string): void {
  expect({ status: attempt.response.status, body: attempt.response.body }).toEqual({ status, body: { error } });
  if (attempt.changed !== undefined) expect(attempt.changed).toBe(false);
}

/** What the matrix says a member with this role gets for an action on a meeting in this status. */
function expected(role: Role, action: MeetingAction, status: MeetingStatus): 'allowed' | 403 | 404 {
  if (!canInMeeting(role, 'meeting.view', status)) return 404;
  return canInMeeting(role, action, status) ? 'allowed' : 403;
}

describe('the meeting permission matrix, as the REST API enforces it', () => {
  for (const role of roles) {
    for (const status of meetingStatuses) {
      describe(`a ${role}, meeting ${status}`, () => {
        for (const action of restActions) {
          const outcome = expected(role, action, status);
          const says = outcome === 'allowed' ? 'may' : `may not (${outcome})`;
          it(`${says} ${action}`, async () => {
            const meetingId = await meetingIn(ctx.server, ctx.cast, status);
            for (const attempt of await attempts[action](ctx.cast.api[role], meetingId, ctx.cast.userIds[role])) {
              if (outcome === 'allowed') expectAllowed(attempt);
              else if (outcome === 403) expectRefused(attempt, 403, 'forbidden');
              else expectRefused(attempt, 404, 'not_found');
            }
          });
        }
      });
    }
  }

  it('tells each role exactly what the matrix allows it in every status', async () => {
    for (const status of meetingStatuses) {
      const meetingId = await meetingIn(ctx.server, ctx.cast, status);
      for (const role of roles) {
        const response = await ctx.cast.api[role].get(`/api/meetings/${meetingId}`);
        if (!canInMeeting(role, 'meeting.view', status)) {
          expect(response.status).toBe(404);
          continue;
        }
        expect(response.status).toBe(200);
        expect(response.body.role).toBe(role);
        expect(response.body.permissions).toEqual(
          Object.fromEntries(meetingActions.map((action) => [action, canInMeeting(role, action, status)])),
        );
        expect(response.body.transitions).toEqual(meetingStatuses.filter((to) => canTransition(role, status, to)));
      }
    }
  });

  for (const action of restActions) {
    it(`hides the meeting from someone outside the network (404) and asks the anonymous to sign in (401) for ${action}`, async () => {
      const meetingId = await meetingIn(ctx.server, ctx.cast, 'live');
      for (const attempt of await attempts[action](ctx.cast.outsider, meetingId, 0)) {
        expectRefused(attempt, 404, 'not_found');
      }
      for (const attempt of await attempts[action](ctx.cast.anonymous, meetingId, 0)) {
        expectRefused(attempt, 401, 'unauthorised');
      }
    });
  }
});

describe('the meeting lifecycle matrix, as the REST API enforces it', () => {
  for (const role of roles) {
    for (const from of meetingStatuses) {
      for (const to of meetingStatuses.filter((s) => s !== from)) {
        const outcome = !canInMeeting(role, 'meeting.view', from) ? 404 : canTransition(role, from, to) ? 200 : 403;
        it(`a ${role} moving a meeting from ${from} to ${to} gets ${outcome}`, async () => {
          const meetingId = await meetingIn(ctx.server, ctx.cast, from);
          const response = await ctx.cast.api[role].post(`/api/meetings/${meetingId}/status`, { status: to });
          const row = await ctx.server.db
            .selectFrom('meetings')
            .select('status')
            .where('id', '=', meetingId)
            .executeTakeFirst();
          expect(response.status, JSON.stringify(response.body)).toBe(outcome);
          if (outcome === 200) {
            expect(response.body.meeting.status).toBe(to);
            expect(row?.status).toBe(to);
          } else {
            expect(response.body).toEqual({ error: outcome === 404 ? 'not_found' : 'forbidden' });
            expect(row?.status).toBe(from);
          }
        });
      }
    }
  }
});

describe('creating a meeting, as the REST API enforces it', () => {
  for (const role of roles) {
    const allowed = can(role, 'meeting.create');
    it(`a ${role} ${allowed ? 'may' : 'may not'} create a meeting`, async () => {
      const title = `Nieuwe netwerkdag door ${role}`;
      const response = await ctx.cast.api[role].post('/api/networks/ngs/meetings', meetingBody({ title }));
      const row = await ctx.server.db
        .selectFrom('meetings')
        .select('status')
        .where('title', '=', title)
        .executeTakeFirst();
      if (allowed) {
        expect(response.status).toBe(201);
        expect(row?.status).toBe('preparation');
      } else {
        expect({ status: response.status, body: response.body }).toEqual({ status: 403, body: { error: 'forbidden' } });
        expect(row).toBeUndefined();
      }
    });
  }
});

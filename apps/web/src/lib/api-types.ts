import type { Action, MeetingAction } from '@klankbord/domain';
import type { Api } from './api.ts';

// The shapes the web app reads, inferred from the server's routes through the typed client. Dates are epoch ms.
type Result<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

export type Session = NonNullable<Result<Api['auth']['me']>>;
export type User = Session['user'];
export type Organisation = Result<Api['organisations']>['organisations'][number];
export type NetworkSummary = Result<Api['networks']['list']>['networks'][number];
export type NetworkHome = Result<Api['networks']['get']>;
export type Permissions = Partial<Record<Action, boolean>>;
export type Member = Result<Api['networks']['members']>['members'][number];
export type Invitation = Result<Api['networks']['invitations']>['invitations'][number];
export type CreatedInvitation = Result<Api['networks']['invite']>;
export type InvitationDetails = Result<Api['invitations']['get']>;
export type ResetLink = Result<Api['networks']['resetPassword']>;
export type AuditEvent = Result<Api['networks']['audit']>['events'][number];
export type ApiToken = Result<Api['tokens']['list']>['tokens'][number];
export type MeetingSession = Result<Api['sessions']['list']>['sessions'][number];
export type DiscussionThread = Result<Api['discussions']['thread']>;
export type DiscussionMessage = DiscussionThread['messages'][number];
export type MeetingYear = Result<Api['meetings']['list']>['years'][number];
export type MeetingSummary = MeetingYear['meetings'][number];
export type MeetingHome = Result<Api['meetings']['get']>;
export type Meeting = MeetingHome['meeting'];
export type MeetingPermissions = Partial<Record<MeetingAction, boolean>>;
export type Theme = Result<Api['themes']['list']>['themes'][number];
export type Timeline = Result<Api['timeline']['get']>;
export type TopicPage = Result<Api['timeline']['topic']>;
export type Statement = Result<Api['statements']['list']>['statements'][number];
export type Today = Result<Api['today']>;
export type GuestBallot = Result<Api['guest']['get']>;
export type DayCode = Result<Api['dayCode']['get']>['dayCode'];

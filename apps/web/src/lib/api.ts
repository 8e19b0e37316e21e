import type {
  AfspraakChangeRequest,
  AfspraakRequest,
  Anchor,
  BarrierReportInput,
  BarrierReportStatus,
  ExampleInput,
  ExampleStatus,
  MeetingInput,
  MeetingStatus,
  NotificationDelivery,
  NotificationKind,
  Position,
  Role,
  StatementInput,
  ThemeInput,
} from '@klankbord/domain';
import type { ApiType } from '@klankbord/server/api';
import { type ClientResponse, hc } from 'hono/client';
import type { ResponseFormat } from 'hono/types';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import { apiErrorFrom, NETWORK_ERROR } from './api-error.ts';

export { ApiError } from './api-error.ts';

type AnyResponse = ClientResponse<unknown, number, ResponseFormat>;

/** What a successful response carries: its JSON body, or nothing for 204. Error statuses are thrown instead. */
type Success<R> =
  R extends ClientResponse<infer Body, infer Status, infer Format>
    ? Status extends SuccessStatusCode
      ? Format extends 'json'
        ? Body
        : undefined
      : never
    : never;

/** Awaits a call of the typed client: the success body, or an `ApiError` with the API's message key. */
async function settle<R extends AnyResponse>(request: Promise<R>): Promise<Success<R>> {
  let response: R;
  try {
    response = await request;
  } catch {
    throw NETWORK_ERROR;
  }
  if (!response.ok) throw await apiErrorFrom(response);
  if (response.status === 204) return undefined as Success<R>;
  return (await response.json()) as Success<R>;
}

/** The raw client, typed by the server's routes: a renamed or reshaped route fails the web app's type check. */
export function apiClient(fetchFn: typeof fetch = fetch) {
  return hc<ApiType>('/api', { fetch: fetchFn });
}

/**
 * The REST API as the pages use it. Pass SvelteKit's `fetch` from a load function; event handlers use `api`.
 * Every failure is an `ApiError` carrying the API's message key.
 */
export function createApi(fetchFn: typeof fetch = fetch) {
  const client = apiClient(fetchFn);
  const network = client.networks[':slug'];
  const members = client.networks[':slug'].members;
  const invitations = client.networks[':slug'].invitations;
  const meeting = client.meetings[':id'];
  const theme = client.themes[':id'];
  const statement = client.statements[':id'];
  const id = (value: number) => ({ id: String(value) });

  return {
    setup: {
      status: () => settle(client.setup.$get()),
      create: (json: { name: string; email: string; password: string; organisationId: number | null }) =>
        settle(client.setup.$post({ json })),
    },
    organisations: () => settle(client.organisations.$get()),
    attachments: {
      /** The files of a target (`example:12`, `meeting:3`, `report:3`), and whether the caller may add some. */
      list: (target: string) => settle(client.attachments.$get({ query: { target } })),
      remove: (attachmentId: number) => settle(client.attachments[':id'].$delete({ param: id(attachmentId) })),
    },
    /**
     * Search across the caller's networks (or one of them): ranked results with marked snippets, narrowed to a
     * kind, a year or a netwerkdag when given.
     */
    search: (q: string, filters: { network?: string; kind?: string; year?: string; meeting?: string } = {}) =>
      settle(
        client.search.$get({
          query: { q, ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) },
        }),
      ),
    auth: {
      login: (json: { email: string; password: string }) => settle(client.auth.login.$post({ json })),
      logout: () => settle(client.auth.logout.$post()),
      /** The organisations whose staff sign in through their own identity provider, for the login page. */
      identityProviders: () => settle(client.auth.oidc.providers.$get()),
      /** The providers whose password setting the caller may change (a secretariaat over all their accounts). */
      identityProviderSettings: () => settle(client.auth.oidc.organisations.$get()),
      setPasswordSignIn: (organisationId: number, allowed: boolean) =>
        settle(
          client.auth.oidc.organisations[':organisationId']['password-sign-in'].$put({
            param: { organisationId: String(organisationId) },
            json: { allowed },
          }),
        ),
      /** The signed-in user and their networks, or null when nobody is signed in. */
      me: async () => {
        const session = await settle(client.auth.session.$get());
        return session.user === null ? null : session;
      },
    },
    account: {
      update: (json: { name: string; organisationId: number | null }) => settle(client.account.$patch({ json })),
      changePassword: (json: { currentPassword: string; newPassword: string }) =>
        settle(client.account.password.$post({ json })),
      /** Removes one's own account from Klankbord for good (AVG); confirmed with the password. */
      remove: (json: { currentPassword: string }) => settle(client.account.$delete({ json })),
    },
    passwordResets: {
      get: (token: string) => settle(client['password-resets'][':token'].$get({ param: { token } })),
      complete: (token: string, json: { password: string }) =>
        settle(client['password-resets'][':token'].$post({ param: { token }, json })),
    },
    networks: {
      list: () => settle(client.networks.$get()),
      get: (slug: string) => settle(network.$get({ param: { slug } })),
      members: (slug: string) => settle(members.$get({ param: { slug } })),
      changeRole: (slug: string, userId: number, role: Role) =>
        settle(members[':userId'].$patch({ param: { slug, userId: String(userId) }, json: { role } })),
      removeMember: (slug: string, userId: number) =>
        settle(members[':userId'].$delete({ param: { slug, userId: String(userId) } })),
      resetPassword: (slug: string, userId: number) =>
        settle(members[':userId']['password-reset'].$post({ param: { slug, userId: String(userId) } })),
      invitations: (slug: string) => settle(invitations.$get({ param: { slug } })),
      invite: (slug: string, json: { email: string; role: Role }) =>
        settle(invitations.$post({ param: { slug }, json })),
      revokeInvitation: (slug: string, id: number) =>
        settle(invitations[':id'].$delete({ param: { slug, id: String(id) } })),
      audit: (slug: string, before?: number) =>
        settle(
          client.networks[':slug'].audit.$get({
            param: { slug },
            query: before === undefined ? {} : { before: String(before) },
          }),
        ),
    },
    meetings: {
      /** A network's netwerkdagen that the caller may see, grouped by year, newest first. */
      list: (slug: string) => settle(network.meetings.$get({ param: { slug } })),
      create: (slug: string, json: MeetingInput) => settle(network.meetings.$post({ param: { slug }, json })),
      /** One netwerkdag with the caller's role, permissions and the statuses they may move it to. */
      get: (meetingId: number) => settle(meeting.$get({ param: id(meetingId) })),
      update: (meetingId: number, json: MeetingInput) => settle(meeting.$patch({ param: id(meetingId), json })),
      setStatus: (meetingId: number, status: MeetingStatus) =>
        settle(meeting.status.$post({ param: id(meetingId), json: { status } })),
    },
    themes: {
      list: (meetingId: number) => settle(meeting.themes.$get({ param: id(meetingId) })),
      propose: (meetingId: number, json: ThemeInput) => settle(meeting.themes.$post({ param: id(meetingId), json })),
      /** Supports one theme of the meeting (null: none); answers with the meeting's themes. */
      support: (meetingId: number, themeId: number | null) =>
        settle(meeting.support.$put({ param: id(meetingId), json: { themeId } })),
      update: (themeId: number, json: ThemeInput) => settle(theme.$patch({ param: id(themeId), json })),
      remove: (themeId: number) => settle(theme.$delete({ param: id(themeId) })),
      choose: (themeId: number, chosen: boolean) =>
        settle(theme.chosen.$post({ param: id(themeId), json: { chosen } })),
    },
    statements: {
      list: (meetingId: number) => settle(meeting.statements.$get({ param: id(meetingId) })),
      create: (meetingId: number, json: StatementInput) =>
        settle(meeting.statements.$post({ param: id(meetingId), json })),
      update: (statementId: number, json: StatementInput) => settle(statement.$patch({ param: id(statementId), json })),
      remove: (statementId: number) => settle(statement.$delete({ param: id(statementId) })),
      /** Opens or closes voting; `closesAt` (ms since the epoch) makes opened voting close by itself then. */
      setVoting: (statementId: number, open: boolean, closesAt: number | null = null) =>
        settle(statement.voting.$post({ param: id(statementId), json: { open, closesAt } })),
      vote: (statementId: number, position: Position) =>
        settle(statement.vote.$put({ param: id(statementId), json: { position } })),
    },
    /** Today's netwerkdag of the caller's networks (or the next one), as the first thing after signing in. */
    today: () => settle(client.me.today.$get()),
    /** The secretariaat's day code of a netwerkdag, through which guests without an account vote. */
    dayCode: {
      get: (meetingId: number) => settle(meeting['day-code'].$get({ param: id(meetingId) })),
      set: (meetingId: number, json: { enabled: boolean; renew?: boolean }) =>
        settle(meeting['day-code'].$post({ param: id(meetingId), json })),
    },
    /** Voting as a guest, through a day code's short link (`/s/<code>`). */
    guest: {
      get: (code: string) => settle(client.guest[':code'].$get({ param: { code } })),
      register: (code: string, json: { name: string; organisation: string }) =>
        settle(client.guest[':code'].voter.$post({ param: { code }, json })),
      vote: (code: string, statementId: number, position: Position) =>
        settle(
          client.guest[':code'].statements[':id'].vote.$put({
            param: { code, id: String(statementId) },
            json: { position },
          }),
        ),
    },
    sessions: {
      /** The deelsessies of a meeting (from its programme) with how many picked each, and the caller's pick. */
      list: (meetingId: number) => settle(meeting.sessions.$get({ param: id(meetingId) })),
      choose: (meetingId: number, sessionId: string | null) =>
        settle(meeting['session-choice'].$put({ param: id(meetingId), json: { sessionId } })),
    },
    report: {
      /** The verslag's Yjs document name and whether it is finalised. */
      get: (meetingId: number) => settle(meeting.report.$get({ param: id(meetingId) })),
      versions: (meetingId: number) => settle(meeting.report.versions.$get({ param: id(meetingId) })),
      saveVersion: (meetingId: number, json: { name: string }) =>
        settle(meeting.report.versions.$post({ param: id(meetingId), json })),
      finalise: (meetingId: number, json: { name?: string } = {}) =>
        settle(meeting.report.finalise.$post({ param: id(meetingId), json })),
      reopen: (meetingId: number) => settle(meeting.report.reopen.$post({ param: id(meetingId) })),
      /** The text as stored now, rendered for printing (draft or final). */
      /** `names`: the presentielijst names the people (the secretariaat's choice; 403 for others). */
      print: (meetingId: number, names = false) =>
        settle(meeting.report.print.$get({ param: id(meetingId), query: names ? { names: '1' } : {} })),
      /** What changed between two versions, paragraph by paragraph and word by word. */
      diff: (meetingId: number, from: number, to: number) =>
        settle(
          meeting.report.versions.diff.$get({ param: id(meetingId), query: { from: String(from), to: String(to) } }),
        ),
      versionText: (meetingId: number, versionId: number) =>
        settle(meeting.report.versions[':vid'].text.$get({ param: { id: String(meetingId), vid: String(versionId) } })),
      /** Makes a version's text the current text again, as a new change. */
      restore: (meetingId: number, versionId: number) =>
        settle(
          meeting.report.versions[':vid'].restore.$post({ param: { id: String(meetingId), vid: String(versionId) } }),
        ),
      /** Adds a section per programme item that has none yet; answers how many were added. */
      scaffold: (meetingId: number) => settle(meeting.report.scaffold.$post({ param: id(meetingId) })),
      comments: {
        /** The comments on a meeting's verslag, open and resolved, oldest first. */
        list: (meetingId: number) => settle(meeting.report.comments.$get({ param: id(meetingId) })),
        /** Comments on the selected words; the text is the first message of the comment's thread. */
        create: (meetingId: number, json: { anchor: Anchor; quote: string; body: string }) =>
          settle(meeting.report.comments.$post({ param: id(meetingId), json })),
        resolve: (commentId: number) =>
          settle(client['report-comments'][':id'].resolve.$post({ param: id(commentId) })),
        reopen: (commentId: number) => settle(client['report-comments'][':id'].reopen.$post({ param: id(commentId) })),
      },
      suggestions: {
        /** The suggestions on a meeting's verslag, open and decided, oldest first. */
        list: (meetingId: number) => settle(meeting.report.suggestions.$get({ param: id(meetingId) })),
        /** Proposes to replace the selected words with plain text (empty: delete them). */
        create: (meetingId: number, json: { anchor: Anchor; quote: string; replacement: string }) =>
          settle(meeting.report.suggestions.$post({ param: id(meetingId), json })),
        accept: (suggestionId: number) =>
          settle(client['report-suggestions'][':id'].accept.$post({ param: id(suggestionId) })),
        reject: (suggestionId: number) =>
          settle(client['report-suggestions'][':id'].reject.$post({ param: id(suggestionId) })),
        /** Decides every open suggestion; those that no longer apply stay open and are listed as skipped. */
        acceptAll: (meetingId: number) =>
          settle(meeting.report.suggestions['accept-all'].$post({ param: id(meetingId) })),
        rejectAll: (meetingId: number) =>
          settle(meeting.report.suggestions['reject-all'].$post({ param: id(meetingId) })),
      },
    },
    afspraken: {
      /** A meeting's afspraken with their anchors in the verslag. */
      ofMeeting: (meetingId: number) => settle(meeting.afspraken.$get({ param: id(meetingId) })),
      create: (meetingId: number, json: AfspraakRequest) =>
        settle(meeting.afspraken.$post({ param: id(meetingId), json })),
      /** The network's afspraken the caller may see, by due date; open ones unless another status is asked. */
      ofNetwork: (slug: string, status: 'open' | 'done' | 'all' = 'open') =>
        settle(network.afspraken.$get({ param: { slug }, query: { status } })),
      update: (afspraakId: number, json: AfspraakChangeRequest) =>
        settle(client.afspraken[':id'].$patch({ param: id(afspraakId), json })),
      /** Who an afspraak can be for: the network's members and its organisations. */
      owners: async (slug: string) => {
        const [{ members: people }, { organisations }] = await Promise.all([
          settle(members.$get({ param: { slug } })),
          settle(network.organisations.$get({ param: { slug } })),
        ]);
        return { members: people, organisations };
      },
    },
    publication: {
      /** Whether the verslag is published and whether it has a public link. */
      get: (meetingId: number) => settle(meeting.report.publication.$get({ param: id(meetingId) })),
      /** Publishes the final version; with mailMembers, every member is mailed a link (when mail is configured). */
      publish: (meetingId: number, json: { mailMembers: boolean; attachPdf?: boolean }) =>
        settle(meeting.report.publish.$post({ param: id(meetingId), json })),
      unpublish: (meetingId: number) => settle(meeting.report.unpublish.$post({ param: id(meetingId) })),
      /** A new public link, replacing any earlier one; its URL is only ever returned here. */
      createLink: (meetingId: number) => settle(meeting.report['public-link'].$post({ param: id(meetingId) })),
      revokeLink: (meetingId: number) => settle(meeting.report['public-link'].$delete({ param: id(meetingId) })),
      /** The published final version, rendered as HTML, for members. */
      read: (meetingId: number) => settle(meeting.report.published.$get({ param: id(meetingId) })),
      /** The same through a public link, without signing in. */
      readPublic: (token: string) => settle(client.public.reports[':token'].$get({ param: { token } })),
    },
    archive: (slug: string) => settle(network.archive.$get({ param: { slug } })),
    /** The theme timeline: netwerkdagen with their themes, the recurring topics, and (for the secretariaat) suggestions. */
    timeline: {
      get: (slug: string) => settle(network.timeline.$get({ param: { slug } })),
      topic: (slug: string, topicId: number) =>
        settle(network.topics[':topicId'].$get({ param: { slug, topicId: String(topicId) } })),
      create: (slug: string, json: { name: string; themeIds: number[] }) =>
        settle(network.topics.$post({ param: { slug }, json })),
      rename: (slug: string, topicId: number, name: string) =>
        settle(network.topics[':topicId'].$patch({ param: { slug, topicId: String(topicId) }, json: { name } })),
      remove: (slug: string, topicId: number) =>
        settle(network.topics[':topicId'].$delete({ param: { slug, topicId: String(topicId) } })),
      merge: (slug: string, topicId: number, intoTopicId: number) =>
        settle(
          network.topics[':topicId'].merge.$post({ param: { slug, topicId: String(topicId) }, json: { intoTopicId } }),
        ),
      assign: (slug: string, topicId: number, themeId: number) =>
        settle(
          network.topics[':topicId'].themes[':themeId'].$put({
            param: { slug, topicId: String(topicId), themeId: String(themeId) },
          }),
        ),
      unassign: (slug: string, topicId: number, themeId: number) =>
        settle(
          network.topics[':topicId'].themes[':themeId'].$delete({
            param: { slug, topicId: String(topicId), themeId: String(themeId) },
          }),
        ),
      accept: (slug: string, key: string) =>
        settle(network['topic-suggestions'][':key'].accept.$post({ param: { slug, key } })),
      ignore: (slug: string, key: string) =>
        settle(network['topic-suggestions'][':key'].ignore.$post({ param: { slug, key } })),
    },
    discussions: {
      /** The thread beside a subject (`session:abc`, `meeting:3`), made on first use, with its newest messages. */
      thread: (subject: string) => settle(client.threads.$get({ query: { subject } })),
      post: (threadId: number, json: { body: string; mentions: number[] }) =>
        settle(client.threads[':id'].messages.$post({ param: id(threadId), json })),
      edit: (messageId: number, json: { body: string; mentions: number[] }) =>
        settle(client.messages[':id'].$patch({ param: id(messageId), json })),
      remove: (messageId: number) => settle(client.messages[':id'].$delete({ param: id(messageId) })),
      markRead: (threadId: number, lastReadMessageId: number) =>
        settle(client.threads[':id'].read.$post({ param: id(threadId), json: { lastReadMessageId } })),
    },
    invitations: {
      get: (token: string) => settle(client.invitations[':token'].$get({ param: { token } })),
      /** With name, password and organisation for a new account; with nothing when signed in as the invitee. */
      accept: (token: string, json: { name: string; password: string; organisationId: number | null } | object) =>
        settle(client.invitations[':token'].accept.$post({ param: { token }, json })),
    },
    examples: {
      /** The network's goede voorbeelden, filtered and sorted as in the library's address, with all its tags. */
      list: (slug: string, query: ExampleListQuery) =>
        settle(client.networks[':slug'].examples.$get({ param: { slug }, query })),
      statistics: (slug: string) => settle(client.networks[':slug'].examples.statistics.$get({ param: { slug } })),
      /** The network's organisations: the cities an example can belong to. */
      organisations: (slug: string) => settle(client.networks[':slug'].organisations.$get({ param: { slug } })),
      create: (slug: string, json: ExampleInput) =>
        settle(client.networks[':slug'].examples.$post({ param: { slug }, json })),
      /** One example with its document name and whether the caller may edit it. */
      get: (exampleId: number) => settle(client.examples[':id'].$get({ param: id(exampleId) })),
      update: (exampleId: number, json: ExampleInput) =>
        settle(client.examples[':id'].$patch({ param: id(exampleId), json })),
      remove: (exampleId: number) => settle(client.examples[':id'].$delete({ param: id(exampleId) })),
      /** 'Dit hielp ons ook', set or taken back; answers with the new count. */
      mark: (exampleId: number, marked: boolean) =>
        settle(client.examples[':id'].mark.$put({ param: id(exampleId), json: { marked } })),
      setTagCurated: (slug: string, tagId: number, curated: boolean) =>
        settle(
          client.networks[':slug']['example-tags'][':tagId'].curated.$post({
            param: { slug, tagId: String(tagId) },
            json: { curated },
          }),
        ),
    },
    notifications: {
      /** The caller's own notifications, newest first; `before` pages back by id. */
      list: (before?: number) =>
        settle(client.notifications.$get({ query: before === undefined ? {} : { before: String(before) } })),
      unread: () => settle(client.notifications.unread.$get()),
      /** Marks some of one's notifications read, or all; answers with the unread count. */
      markRead: (json: { ids: number[] } | { all: true }) => settle(client.notifications.read.$post({ json })),
      preferences: () => settle(client.notifications.preferences.$get()),
      setPreferences: (json: Partial<Record<NotificationKind, NotificationDelivery>>) =>
        settle(client.notifications.preferences.$put({ json })),
    },
    /** Barrier reports of the accessibility statement: anyone reports one; the secretariaat reads and handles them. */
    barrierReports: {
      report: (json: BarrierReportInput) => settle(client['barrier-reports'].$post({ json })),
      list: () => settle(client['barrier-reports'].$get()),
      setStatus: (reportId: number, status: BarrierReportStatus) =>
        settle(client['barrier-reports'][':id'].$patch({ param: id(reportId), json: { status } })),
    },
    tokens: {
      list: () => settle(client.tokens.$get()),
      create: (json: { name: string; expiresInDays: number }) => settle(client.tokens.$post({ json })),
      revoke: (id: number) => settle(client.tokens[':id'].$delete({ param: { id: String(id) } })),
    },
  };
}

export type Api = ReturnType<typeof createApi>;

/** The library's filters and order as the address and the API carry them. */
export type ExampleListQuery = {
  [Key in 'tag' | 'organisation' | 'year' | 'meeting']?: string;
} & { status?: ExampleStatus; sort?: 'newest' | 'marked' };

/** The client for event handlers in the browser. */
export const api = createApi();

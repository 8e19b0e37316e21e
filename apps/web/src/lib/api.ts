import type {
  ApiToken,
  AuditEvent,
  CreatedInvitation,
  Invitation,
  InvitationDetails,
  Member,
  NetworkHome,
  NetworkSummary,
  Organisation,
  ResetLink,
  Session,
  User,
} from './api-types.ts';
import { ApiError, apiErrorFrom, NETWORK_ERROR } from './api-error.ts';
import type { Role } from '@klankbord/domain';

export { ApiError } from './api-error.ts';

type Fetch = typeof fetch;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const segment = encodeURIComponent;

/**
 * The typed client of the REST API. Pass SvelteKit's `fetch` from a load function; components use the
 * browser's. Every failure is an `ApiError` carrying the API's message key.
 */
export function createApi(fetchFn: Fetch = fetch) {
  async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetchFn(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch {
      throw NETWORK_ERROR;
    }
    if (!response.ok) throw await apiErrorFrom(response);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  return {
    setup: {
      status: () => call<{ needed: boolean }>('GET', '/api/setup'),
      create: (input: { name: string; email: string; password: string; organisationId: number | null }) =>
        call<{ user: User }>('POST', '/api/setup', input),
    },
    organisations: () => call<{ organisations: Organisation[] }>('GET', '/api/organisations'),
    auth: {
      login: (input: { email: string; password: string }) => call<{ user: User }>('POST', '/api/auth/login', input),
      logout: () => call<void>('POST', '/api/auth/logout'),
      /** The signed-in user and their networks, or null when nobody is signed in. */
      me: async (): Promise<Session | null> => {
        try {
          return await call<Session>('GET', '/api/auth/me');
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) return null;
          throw error;
        }
      },
    },
    account: {
      update: (input: { name: string; organisationId: number | null }) =>
        call<{ user: User }>('PATCH', '/api/account', input),
      changePassword: (input: { currentPassword: string; newPassword: string }) =>
        call<void>('POST', '/api/account/password', input),
    },
    passwordResets: {
      get: (token: string) => call<{ name: string; email: string }>('GET', `/api/password-resets/${segment(token)}`),
      complete: (token: string, input: { password: string }) =>
        call<void>('POST', `/api/password-resets/${segment(token)}`, input),
    },
    networks: {
      list: () => call<{ networks: NetworkSummary[] }>('GET', '/api/networks'),
      get: (slug: string) => call<NetworkHome>('GET', `/api/networks/${segment(slug)}`),
      members: (slug: string) => call<{ members: Member[] }>('GET', `/api/networks/${segment(slug)}/members`),
      changeRole: (slug: string, userId: number, role: Role) =>
        call<void>('PATCH', `/api/networks/${segment(slug)}/members/${userId}`, { role }),
      removeMember: (slug: string, userId: number) =>
        call<void>('DELETE', `/api/networks/${segment(slug)}/members/${userId}`),
      resetPassword: (slug: string, userId: number) =>
        call<ResetLink>('POST', `/api/networks/${segment(slug)}/members/${userId}/password-reset`),
      invitations: (slug: string) =>
        call<{ invitations: Invitation[] }>('GET', `/api/networks/${segment(slug)}/invitations`),
      invite: (slug: string, input: { email: string; role: Role }) =>
        call<CreatedInvitation>('POST', `/api/networks/${segment(slug)}/invitations`, input),
      revokeInvitation: (slug: string, id: number) =>
        call<void>('DELETE', `/api/networks/${segment(slug)}/invitations/${id}`),
      audit: (slug: string, before?: number) =>
        call<{ events: AuditEvent[] }>(
          'GET',
          `/api/networks/${segment(slug)}/audit${before === undefined ? '' : `?before=${before}`}`,
        ),
    },
    invitations: {
      get: (token: string) => call<InvitationDetails>('GET', `/api/invitations/${segment(token)}`),
      accept: (token: string, input: { name: string; password: string; organisationId: number | null } | object) =>
        call<{ network: { slug: string } }>('POST', `/api/invitations/${segment(token)}/accept`, input),
    },
    tokens: {
      list: () => call<{ tokens: ApiToken[] }>('GET', '/api/tokens'),
      create: (input: { name: string; expiresInDays: number }) =>
        call<{ token: ApiToken; secret: string }>('POST', '/api/tokens', input),
      revoke: (id: number) => call<void>('DELETE', `/api/tokens/${id}`),
    },
  };
}

export type Api = ReturnType<typeof createApi>;

/** The client for event handlers in the browser. */
export const api = createApi();

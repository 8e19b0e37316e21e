import type { Role } from '@klankbord/domain';
import type { ApiType } from '@klankbord/server/api';
import { type ClientResponse, hc } from 'hono/client';
import type { ResponseFormat } from 'hono/types';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import { ApiError, apiErrorFrom, NETWORK_ERROR } from './api-error.ts';

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

  return {
    setup: {
      status: () => settle(client.setup.$get()),
      create: (json: { name: string; email: string; password: string; organisationId: number | null }) =>
        settle(client.setup.$post({ json })),
    },
    organisations: () => settle(client.organisations.$get()),
    auth: {
      login: (json: { email: string; password: string }) => settle(client.auth.login.$post({ json })),
      logout: () => settle(client.auth.logout.$post()),
      /** The signed-in user and their networks, or null when nobody is signed in. */
      me: async () => {
        try {
          return await settle(client.auth.me.$get());
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) return null;
          throw error;
        }
      },
    },
    account: {
      update: (json: { name: string; organisationId: number | null }) => settle(client.account.$patch({ json })),
      changePassword: (json: { currentPassword: string; newPassword: string }) =>
        settle(client.account.password.$post({ json })),
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
    invitations: {
      get: (token: string) => settle(client.invitations[':token'].$get({ param: { token } })),
      /** With name, password and organisation for a new account; with nothing when signed in as the invitee. */
      accept: (token: string, json: { name: string; password: string; organisationId: number | null } | object) =>
        settle(client.invitations[':token'].accept.$post({ param: { token }, json })),
    },
    tokens: {
      list: () => settle(client.tokens.$get()),
      create: (json: { name: string; expiresInDays: number }) => settle(client.tokens.$post({ json })),
      revoke: (id: number) => settle(client.tokens[':id'].$delete({ param: { id: String(id) } })),
    },
  };
}

export type Api = ReturnType<typeof createApi>;

/** The client for event handlers in the browser. */
export const api = createApi();

import { waitFor } from '@klankbord/testing';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type Client, clientOf } from '../support/clients.ts';
import { TEST_PASSWORD } from '../support/members.ts';
import type { TestServer } from '../support/server.ts';

export const SESSION_COOKIE = 'klankbord_session';

/** A response as a client reads it: the status, the headers and the body (parsed when it is JSON). */
export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Whatever JSON the server sent (or the text, when it was not JSON). */
  body: any;
}

export interface RequestOptions {
  /** A body sent as JSON. */
  json?: unknown;
  /** A body sent exactly as given, labelled application/json. */
  raw?: string;
  /** The Origin header: the server's own by default, null to leave it out, or any other value. */
  origin?: string | null;
}

/**
 * A REST client as the web app uses the API (a session cookie kept from set-cookie, like a browser's jar,
 * and the server's Origin on every request) or as a script does (a Bearer API token, no cookie, no Origin).
 */
export class ApiClient {
  /** The value of the session cookie, or null when signed out. */
  session: string | null = null;

  constructor(
    readonly baseUrl: string,
    readonly token: string | null = null,
  ) {}

  /** A browser that holds this session cookie (e.g. one copied from another client). */
  static withSession(baseUrl: string, session: string | null): ApiClient {
    const client = new ApiClient(baseUrl);
    client.session = session;
    return client;
  }

  get(path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('GET', path, options);
  }

  post(path: string, json?: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('POST', path, { json, ...options });
  }

  patch(path: string, json?: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('PATCH', path, { json, ...options });
  }

  put(path: string, json?: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('PUT', path, { json, ...options });
  }

  delete(path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('DELETE', path, options);
  }

  /** Signs in with e-mail and password; the cookie jar keeps the session. */
  signIn(email: string, password = TEST_PASSWORD): Promise<ApiResponse> {
    return this.post('/api/auth/login', { email, password });
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    const origin = options.origin === undefined ? new URL(this.baseUrl).origin : options.origin;
    if (origin !== null) headers.origin = origin;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.session) headers.cookie = `${SESSION_COOKIE}=${this.session}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.json !== undefined) body = JSON.stringify(options.json);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    this.keepCookie(response.headers);
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
    return { status: response.status, headers: response.headers, body: isJson && text ? JSON.parse(text) : text };
  }

  private keepCookie(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      if (pair.slice(0, separator) !== SESSION_COOKIE) continue;
      const value = decodeURIComponent(pair.slice(separator + 1));
      const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute));
      this.session = value && !expired ? value : null;
    }
  }
}

/** A browser signed in as this user; fails when the sign-in does not succeed. */
export async function signedIn(baseUrl: string, email: string, password = TEST_PASSWORD): Promise<ApiClient> {
  const client = new ApiClient(baseUrl);
  const response = await client.signIn(email, password);
  if (response.status !== 200 || !client.session) {
    throw new Error(`signing in as ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return client;
}

/** Opens a raw WebSocket and reports the HTTP status of a refused upgrade, or 101 once it opens. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => {
      if (!error.message.includes('Unexpected server response')) reject(error);
    });
  });
}

/** Records the code of every close of a client's sockets, across its reconnections. */
export function recordCloses(client: Client): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

/** The number of rows in a table, to show that a refused request changed nothing. */
export async function countRows(
  server: TestServer,
  table:
    | 'users'
    | 'memberships'
    | 'invitations'
    | 'sessions'
    | 'networks'
    | 'organisations'
    | 'api_tokens'
    | 'meetings'
    | 'themes'
    | 'theme_supports'
    | 'statements'
    | 'votes',
): Promise<number> {
  const row = await server.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** How a collaboration client signs in: an API token in the URL, or a browser's session cookie and Origin. */
export type CollabCredential = { token: string } | { session: string; origin: string };

/**
 * A stock y-websocket client that shares no presence (its awareness state is null before it connects), as a
 * headless integration runs it. Tests about who may read and write use it so that presence plays no part.
 */
export async function connectWithoutPresence(
  collabUrl: string,
  documentName: string,
  credential: CollabCredential,
): Promise<Client> {
  const doc = new Y.Doc();
  // With a session, do what a browser does on its own: send the cookie and the page's Origin with the upgrade.
  const headers =
    'session' in credential ? { cookie: `${SESSION_COOKIE}=${credential.session}`, origin: credential.origin } : {};
  class Socket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const provider = new WebsocketProvider(collabUrl, documentName, doc, {
    WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
    params: 'token' in credential ? { token: credential.token } : {},
    disableBc: true,
    connect: false,
  });
  provider.awareness.setLocalState(null);
  provider.connect();
  const client = clientOf(doc, provider);
  await waitFor(() => provider.synced, `${documentName} to sync`);
  return client;
}

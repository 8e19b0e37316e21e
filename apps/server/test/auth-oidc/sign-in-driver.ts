/**
 * Goes through a sign-in the way a browser does, with plain fetch: a cookie jar per host, redirects followed
 * one by one, and the local provider's development login form filled in. Nothing of either side is imitated.
 */

/** Where an attempt ended: the server's last redirect, and its session cookie if it set one. */
export interface SignInResult {
  location: string;
  session: string | null;
}

export interface SignInOptions {
  /** Changes the provider's redirect back to the server before it is followed (e.g. another state). */
  alterCallback?: (url: URL) => void;
  /** Leave out the attempt's cookie on the way back, as a browser that did not start it would. */
  dropAttemptCookie?: boolean;
}

type Jar = Map<string, Map<string, string>>;

function keepCookies(jar: Jar, url: URL, headers: Headers): void {
  const cookies = jar.get(url.host) ?? new Map<string, string>();
  jar.set(url.host, cookies);
  for (const line of headers.getSetCookie()) {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator);
    const value = pair.slice(separator + 1);
    const expired = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a));
    if (!value || expired) cookies.delete(name);
    else cookies.set(name, value);
  }
}

function cookieHeader(jar: Jar, url: URL): Record<string, string> {
  const cookies = jar.get(url.host);
  if (!cookies || cookies.size === 0) return {};
  return { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
}

/**
 * Starts at the server's /api/auth/oidc/:organisationId/start and follows the provider's pages as `login`,
 * until the server answers with a redirect of its own that is not to the provider.
 */
export async function signInThroughProvider(
  serverUrl: string,
  organisationId: number,
  login: string,
  options: SignInOptions = {},
): Promise<SignInResult> {
  const jar: Jar = new Map();
  const server = new URL(serverUrl);
  let url = new URL(`/api/auth/oidc/${organisationId}/start`, serverUrl);
  let init: RequestInit = { method: 'GET' };
  for (let hop = 0; hop < 20; hop++) {
    if (url.host === server.host && url.pathname === '/api/auth/oidc/callback') {
      options.alterCallback?.(url);
      if (options.dropAttemptCookie) jar.get(server.host)?.delete('klankbord_oidc');
    }
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...cookieHeader(jar, url), ...(init.headers as Record<string, string> | undefined) },
    });
    keepCookies(jar, url, response.headers);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (url.host === server.host && next.host === server.host && url.pathname === '/api/auth/oidc/callback') {
        return {
          location: next.pathname + next.search,
          session: jar.get(server.host)?.get('klankbord_session') ?? null,
        };
      }
      if (url.host === server.host && next.host === server.host) {
        return { location: next.pathname + next.search, session: null };
      }
      url = next;
      init = { method: 'GET' };
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action) throw new Error(`unexpected page at ${url}: ${response.status} ${html}`);
    url = new URL(action, url);
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'om-het-even' }).toString(),
    };
  }
  throw new Error('too many redirects');
}

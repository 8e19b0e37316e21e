/**
 * Signing in through a municipality's own identity provider (OpenID Connect), with panva's openid-client:
 * discovery, the authorization code flow with PKCE, and state and nonce, all checked by the library, which also
 * verifies the ID token's signature against the provider's published keys (enableNonRepudiationChecks) and its
 * iss, aud, exp, iat and nonce.
 * What this file adds: where the per-attempt values live (a short-lived cookie), and which provider is asked.
 */
import type { IdentityProvider } from '@klankbord/db';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type * as Client from 'openid-client';
import type { Deps } from '../env.ts';

// Loaded on the first sign-in through a provider: a server whose organisations all use the password never holds it
// (some 9 MB of resident memory measured on Node 20).
let library: Promise<typeof Client> | undefined;
const openidClient = (): Promise<typeof Client> => {
  library ??= import('openid-client');
  return library;
};

/** The cookie that carries one sign-in attempt from its start to the provider's answer. */
export const OIDC_COOKIE = 'klankbord_oidc';
const COOKIE_PATH = '/api/auth/oidc';
/** Long enough to type a password at the provider; a stale attempt is simply started again. */
const ATTEMPT_SECONDS = 10 * 60;
/** A provider's discovery document and keys are fetched again after this long, or when its settings change. */
const DISCOVERY_TTL_MS = 60 * 60 * 1000;
/** What we ask of the provider: who it is (sub), and the verified e-mail address the account is linked by. */
const SCOPE = 'openid email profile';

/** One attempt, as kept in its cookie. Nothing in it is of use to anyone but the browser that started it. */
export interface OidcAttempt {
  organisationId: number;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The claims an account is linked by, once the library has verified the ID token. */
export interface VerifiedIdentity {
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

/** Whether the issuer is on this machine: only then is plain http allowed (the tests' local provider). */
function isLoopback(issuer: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
}

/**
 * Discovered provider configurations, per organisation, refreshed after an hour or when the operator changes
 * its settings. Bounded by the number of configured providers, which only the operator adds.
 */
export class OidcClients {
  private readonly cache = new Map<number, { key: string; at: number; config: Promise<Client.Configuration> }>();

  /** The provider's configuration, discovering it when it is not known or stale. */
  get(provider: IdentityProvider, now = Date.now()): Promise<Client.Configuration> {
    const key = `${provider.issuer}\n${provider.client_id}\n${provider.updated_at}`;
    const known = this.cache.get(provider.organisation_id);
    if (known && known.key === key && now - known.at < DISCOVERY_TTL_MS) return known.config;
    const issuer = new URL(provider.issuer);
    // By default the library trusts an ID token from the token endpoint on the strength of TLS alone (OpenID
    // Connect Core 3.1.3.7 allows it); we have it check the signature against the provider's keys as well, so a
    // token altered on the way, or by anything between us and the provider, is refused.
    const config = openidClient().then((client) => {
      const execute = [client.enableNonRepudiationChecks];
      if (isLoopback(issuer)) execute.push(client.allowInsecureRequests);
      const auth = client.ClientSecretBasic(provider.client_secret);
      return client.discovery(issuer, provider.client_id, undefined, auth, { execute });
    });
    const entry = { key, at: now, config };
    // A failed discovery is not remembered: the next attempt tries again.
    config.catch(() => {
      if (this.cache.get(provider.organisation_id) === entry) this.cache.delete(provider.organisation_id);
    });
    this.cache.set(provider.organisation_id, entry);
    return config;
  }
}

/** Where the provider sends the browser back: the one redirect URI to register at every provider. */
export function redirectUri(c: Context, deps: Pick<Deps, 'config'>): string {
  return `${deps.config.publicUrl ?? new URL(c.req.url).origin}${COOKIE_PATH}/callback`;
}

/** Starts an attempt: remembers its state, nonce and PKCE verifier in a cookie, and returns the provider's URL. */
export async function startAttempt(
  c: Context,
  deps: Pick<Deps, 'config'>,
  config: Client.Configuration,
  organisationId: number,
): Promise<URL> {
  const client = await openidClient();
  const attempt: OidcAttempt = {
    organisationId,
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
  };
  setCookie(c, OIDC_COOKIE, Buffer.from(JSON.stringify(attempt)).toString('base64url'), {
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level navigation, which carries it; nothing else cross-site does.
    sameSite: 'Lax',
    secure: redirectUri(c, deps).startsWith('https:'),
    path: COOKIE_PATH,
    maxAge: ATTEMPT_SECONDS,
  });
  return client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(c, deps),
    scope: SCOPE,
    state: attempt.state,
    nonce: attempt.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
    code_challenge_method: 'S256',
  });
}

/** The attempt this browser started, taken out of its cookie (it is used once); null when there is none. */
export function takeAttempt(c: Context): OidcAttempt | null {
  const raw = getCookie(c, OIDC_COOKIE);
  deleteCookie(c, OIDC_COOKIE, { path: COOKIE_PATH });
  if (!raw || raw.length > 2048) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<OidcAttempt>;
    const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;
    if (!Number.isSafeInteger(value.organisationId)) return null;
    if (!text(value.state) || !text(value.nonce) || !text(value.codeVerifier)) return null;
    return value as OidcAttempt;
  } catch {
    return null;
  }
}

/**
 * Finishes an attempt with the provider's answer in the callback's query: the library checks the state, swaps
 * the code for tokens with the PKCE verifier, and verifies the ID token (signature, iss, aud, exp, iat, nonce).
 * Throws when any of that fails.
 */
export async function finishAttempt(
  c: Context,
  deps: Pick<Deps, 'config'>,
  config: Client.Configuration,
  attempt: OidcAttempt,
): Promise<VerifiedIdentity> {
  const client = await openidClient();
  // The library sends the redirect URI as this URL without its query: the one registered at the provider.
  const currentUrl = new URL(redirectUri(c, deps));
  currentUrl.search = new URL(c.req.url).search;
  const tokens = await client.authorizationCodeGrant(config, currentUrl, {
    expectedState: attempt.state,
    expectedNonce: attempt.nonce,
    pkceCodeVerifier: attempt.codeVerifier,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('no ID token');
  return {
    email: typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null,
    // Only a literal true: a provider that says "true" as text, or nothing, has not verified the address.
    emailVerified: claims.email_verified === true,
    name: typeof claims.name === 'string' ? claims.name.trim().slice(0, 200) : null,
  };
}

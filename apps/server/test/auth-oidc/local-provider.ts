/**
 * A real OpenID provider for the tests: panva's certified `oidc-provider`, on loopback, with its development
 * login form (any login, any password). It sits behind a small proxy that is the issuer the server talks to;
 * the proxy passes everything through, and when told to, rewrites the ID token in the token endpoint's answer
 * (signed with another key, or with a wrong audience, expiry or nonce) so that the tests see the server refuse it.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** How the proxy spoils the ID token: its signature, or one claim (the signature then remade with the real key). */
export type Tamper = 'forgedSignature' | 'wrongAudience' | 'expired' | 'wrongNonce';

export interface LocalProvider {
  /** The issuer URL to configure: the proxy's. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the proxy does to the next token answers; null: nothing. */
  tamper: Tamper | null;
  close(): Promise<void>;
}

const KID = 'test-key';

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url');
}

function signJwt(header: object, payload: object, key: KeyObject): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign('sha256').update(input).sign(key);
  return `${input}.${base64url(signature)}`;
}

/** The ID token, spoiled as asked. */
function spoil(idToken: string, tamper: Tamper, realKey: KeyObject, otherKey: KeyObject): string {
  const [headerPart, payloadPart] = idToken.split('.');
  const header = JSON.parse(Buffer.from(headerPart ?? '', 'base64url').toString('utf8')) as object;
  const claims = JSON.parse(Buffer.from(payloadPart ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  switch (tamper) {
    case 'forgedSignature':
      return signJwt(header, { ...claims, email: 'iemand-anders@utrecht.nl' }, otherKey);
    case 'wrongAudience':
      return signJwt(header, { ...claims, aud: 'een-andere-client' }, realKey);
    case 'expired':
      return signJwt(header, { ...claims, iat: now - 7200, exp: now - 3600 }, realKey);
    case 'wrongNonce':
      return signJwt(header, { ...claims, nonce: 'een-andere-nonce' }, realKey);
  }
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function readBody(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Starts the provider with one confidential client whose redirect URIs are given. Every login is an e-mail
 * address, verified unless it starts with "onbevestigd".
 */
export async function startLocalProvider(redirectUris: string[]): Promise<LocalProvider> {
  const realKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const state: LocalProvider = {
    issuer: '',
    clientId: 'klankbord-test',
    clientSecret: 'test-geheim-0123456789',
    tamper: null,
    close: async () => {},
  };

  const proxy = createServer();
  const issuer = `http://127.0.0.1:${await listen(proxy)}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: state.clientId,
        client_secret: state.clientSecret,
        redirect_uris: redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...realKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['lokale-provider-sleutel'] },
    ttl: { Session: 3600, Grant: 3600, Interaction: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The e-mail address in the ID token itself, as municipal providers (Entra ID, Keycloak) put it.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({
        sub: id,
        email: id,
        email_verified: !id.startsWith('onbevestigd'),
        name: `Medewerker ${id.split('@')[0]}`,
      }),
    }),
    // Consent is taken as given, so the development login form is the only page a person fills in.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const upstream = createServer(provider.callback());
  const upstreamPort = await listen(upstream);

  proxy.on('request', async (req, res) => {
    const body = await readBody(req);
    const forward = request(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
      async (answer) => {
        let data = await readBody(answer);
        const headers = { ...answer.headers };
        if (state.tamper && req.method === 'POST' && req.url?.startsWith('/token') && answer.statusCode === 200) {
          const json = JSON.parse(data.toString('utf8')) as { id_token?: string };
          if (json.id_token) json.id_token = spoil(json.id_token, state.tamper, realKey, otherKey);
          data = Buffer.from(JSON.stringify(json));
          headers['content-length'] = String(data.length);
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(data);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    forward.end(body);
  });

  state.issuer = issuer;
  state.close = async () => {
    await new Promise((resolve) => proxy.close(resolve));
    await new Promise((resolve) => upstream.close(resolve));
  };
  return state;
}

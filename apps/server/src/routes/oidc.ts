import {
  findIdentityProvider,
  listAccountsOfIdentityProvider,
  listIdentityProviderChoices,
  listNetworksOfUser,
  setPasswordSignIn,
} from '@klankbord/db';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorise, decideAccess } from '../access/authorise.ts';
import { audit } from '../audit.ts';
import { finishAttempt, OidcClients, startAttempt, takeAttempt } from '../auth/oidc.ts';
import { linkAccount } from '../auth/oidc-accounts.ts';
import { startSession } from '../auth/session-cookie.ts';
import { clientAddress } from '../client-address.ts';
import type { AppEnv, Deps } from '../env.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { rateLimiter } from '../middleware/rate-limit.ts';
import { valid } from '../validate.ts';

const WINDOW_MS = 15 * 60 * 1000;
/** The login page's chooser lists at most this many organisations. */
const MAX_CHOICES = 500;
const organisationParam = z.object({
  organisationId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

/** Where the browser lands after an attempt that signed nobody in: the login page, with a message key. */
const toLogin = (key: string) => `/login?oidc=${encodeURIComponent(key)}`;

/**
 * Sign-in through an organisation's own identity provider (auth/oidc.ts), and the secretariaat's switch that
 * turns the local password off for the accounts that provider speaks for. Configuring a provider is the
 * operator's, at the command line (cli/identity-provider.ts): no route here changes one, and none returns a
 * client secret.
 */
export function oidcRoutes(deps: Deps) {
  const clients = new OidcClients();
  // Starting costs a cookie and, at most once an hour per provider, a discovery; finishing costs a request to
  // the provider. Both are counted per address so no client makes us hammer a provider.
  const starts = rateLimiter(deps, 'oidc.start', 60, WINDOW_MS);
  const failures = rateLimiter(deps, 'oidc.failure', 30, WINDOW_MS);

  return (
    new Hono<AppEnv>()
      .get('/providers', async (c) => c.json({ providers: await listIdentityProviderChoices(deps.db, MAX_CHOICES) }))
      .get('/:organisationId/start', valid('param', organisationParam), async (c) => {
        const address = clientAddress(c, deps.config.trustProxy);
        if ((await starts.take(address)) > 0) return c.redirect(toLogin('oidc.rateLimited'), 303);
        const provider = await findIdentityProvider(deps.db, c.req.valid('param').organisationId);
        if (!provider) return c.redirect(toLogin('oidc.unavailable'), 303);
        try {
          const config = await clients.get(provider);
          return c.redirect((await startAttempt(c, deps, config, provider.organisation_id)).href, 303);
        } catch (error) {
          deps.logger.warn({ err: error, issuer: provider.issuer }, 'identity provider discovery failed');
          return c.redirect(toLogin('oidc.unavailable'), 303);
        }
      })
      .get('/callback', async (c) => {
        const address = clientAddress(c, deps.config.trustProxy);
        if ((await failures.take(address)) > 0) return c.redirect(toLogin('oidc.rateLimited'), 303);
        const attempt = takeAttempt(c);
        if (!attempt) return c.redirect(toLogin('oidc.expired'), 303);
        const provider = await findIdentityProvider(deps.db, attempt.organisationId);
        if (!provider) return c.redirect(toLogin('oidc.unavailable'), 303);
        let identity: Awaited<ReturnType<typeof finishAttempt>>;
        try {
          identity = await finishAttempt(c, deps, await clients.get(provider), attempt);
        } catch (error) {
          // A forged or tampered answer, a wrong state, an expired token, or the person cancelled at the provider.
          deps.logger.warn({ err: error, issuer: provider.issuer }, 'sign-in through identity provider refused');
          await audit(deps, c, {
            networkId: null,
            event: 'login.failed',
            subject: provider.issuer,
            detail: { via: 'oidc', reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown' },
          });
          return c.redirect(toLogin('oidc.refused'), 303);
        }
        const link = await linkAccount(deps.db, provider, identity);
        if ('refused' in link) {
          await audit(deps, c, {
            networkId: null,
            event: 'login.failed',
            subject: link.email ?? provider.issuer,
            detail: { via: 'oidc', reason: link.refused },
          });
          return c.redirect(toLogin(link.refused), 303);
        }
        await failures.giveBack(address);
        for (const invitation of link.accepted) {
          await audit(deps, c, {
            networkId: invitation.network_id,
            event: 'invitation.accepted',
            subject: link.email,
            detail: { role: invitation.role, via: 'oidc' },
            actorId: link.userId,
          });
        }
        await startSession(c, deps, link.userId);
        return c.redirect('/', 303);
      })
      // The providers whose password setting the caller may change (and only those): for the secretariaat's page.
      // The issuer and domains are no secret; the client secret is never read out here.
      .get('/organisations', requireUser, async (c) => {
        const principal = c.get('principal')!;
        const organisations = [];
        for (const choice of await listIdentityProviderChoices(deps.db, MAX_CHOICES)) {
          const address = { type: 'signIn', organisationId: choice.organisationId } as const;
          const { decision } = await decideAccess(deps.db, principal, address, 'setPasswordSignIn');
          const provider =
            decision === 'allow' ? await findIdentityProvider(deps.db, choice.organisationId) : undefined;
          if (!provider) continue;
          organisations.push({
            organisationId: choice.organisationId,
            name: choice.name,
            issuer: provider.issuer,
            domains: provider.domains,
            passwordSignIn: provider.password_sign_in === 1,
          });
        }
        return c.json({ organisations });
      })
      .put(
        '/organisations/:organisationId/password-sign-in',
        valid('param', organisationParam),
        valid('json', z.object({ allowed: z.boolean() })),
        async (c) => {
          const { organisationId } = c.req.valid('param');
          const { allowed } = c.req.valid('json');
          await authorise(deps.db, c.get('principal'), { type: 'signIn', organisationId }, 'setPasswordSignIn');
          await setPasswordSignIn(deps.db, organisationId, allowed);
          // Shown in every network of the accounts it changes, which the decision required the caller to run.
          const networks = new Set<number>();
          for (const accountId of await listAccountsOfIdentityProvider(deps.db, organisationId)) {
            for (const network of await listNetworksOfUser(deps.db, accountId)) networks.add(network.id);
          }
          for (const networkId of networks) {
            await audit(deps, c, {
              networkId,
              event: 'signIn.passwordChanged',
              subject: String(organisationId),
              detail: { allowed },
            });
          }
          return c.json({ organisationId, passwordSignIn: allowed });
        },
      )
  );
}

import { type Db, deleteIdentityProvider, putIdentityProvider, setPasswordSignIn } from '@klankbord/db';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { type CommandOptions, organisationByName, printIssues, readPassword } from './input.ts';

/** The options of `identity-provider`, besides the common ones. */
export interface IdentityProviderOptions extends CommandOptions {
  issuer?: string | undefined;
  'client-id'?: string | undefined;
  domains?: string | undefined;
  'password-sign-in'?: string | undefined;
  remove?: boolean | undefined;
}

const MAX_DOMAINS = 20;
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'domain.invalid')
  .max(253, 'domain.invalid');
// Plain http only for a provider on this machine (a test's local provider); anywhere else tokens need TLS.
const issuer = z
  .url({ protocol: /^https?$/ })
  .refine(
    (url) => url.startsWith('https:') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url),
    'issuer.https',
  );
const providerInput = z.object({
  issuer,
  clientId: z.string().trim().min(1, 'clientId.required').max(255, 'clientId.tooLong'),
  clientSecret: z.string().min(1, 'clientSecret.required').max(1024, 'clientSecret.tooLong'),
  domains: z.array(domain).min(1, 'domains.required').max(MAX_DOMAINS, 'domains.tooMany'),
});

/**
 * `identity-provider`: sets, changes or removes an organisation's OpenID Connect provider, or turns its password
 * sign-in on or off. Only here: whoever sets a provider can sign in as anyone in its domains, so it is the
 * operator's act, never a role's (access.ts, signIn). The client secret comes on standard input. Returns the
 * exit code.
 */
export async function identityProviderCommand(
  db: Db,
  options: IdentityProviderOptions,
  config: Config,
): Promise<number> {
  const organisationId = await organisationByName(db, options.organisation);
  if (organisationId === null || organisationId === 'unknown') {
    console.error(`unknown organisation: ${options.organisation ?? '(none given)'}`);
    return 1;
  }
  if (options.remove) {
    console.log((await deleteIdentityProvider(db, organisationId)) ? 'removed' : 'there was no identity provider');
    return 0;
  }
  const password = options['password-sign-in'];
  if (password !== undefined && options.issuer === undefined) {
    if (password !== 'on' && password !== 'off') {
      console.error('--password-sign-in takes on or off');
      return 1;
    }
    if (!(await setPasswordSignIn(db, organisationId, password === 'on'))) {
      console.error('this organisation has no identity provider');
      return 1;
    }
    console.log(`password sign-in ${password}`);
    return 0;
  }
  const parsed = providerInput.safeParse({
    issuer: options.issuer,
    clientId: options['client-id'],
    clientSecret: await readPassword(),
    domains: (options.domains ?? '').split(',').filter((d) => d.trim() !== ''),
  });
  if (!parsed.success) {
    printIssues(parsed.error.issues);
    return 1;
  }
  const result = await putIdentityProvider(db, organisationId, parsed.data);
  if ('domainTaken' in result) {
    console.error(`another organisation's identity provider already vouches for ${result.domainTaken}`);
    return 1;
  }
  if (password === 'on' || password === 'off') await setPasswordSignIn(db, organisationId, password === 'on');
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  console.log(`identity provider set for ${result.domains.join(', ')}`);
  console.log(`register this redirect URI at the provider: ${base}/api/auth/oidc/callback`);
  return 0;
}

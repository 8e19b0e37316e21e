/**
 * The message keys the server's sign-in through an identity provider sends back in `/login?oidc=…`. Only these
 * are shown: the query string is anyone's to write, so the page never shows a key it does not know.
 */
export const identityProviderErrors = [
  'oidc.refused',
  'oidc.expired',
  'oidc.unavailable',
  'oidc.rateLimited',
  'oidc.emailNotVerified',
  'oidc.otherDomain',
  'oidc.noAccount',
] as const;

/** The known error key in the query, or null. */
export function identityProviderError(value: string | null): string | null {
  return (identityProviderErrors as readonly string[]).includes(value ?? '') ? value : null;
}

import { createHash, randomBytes } from 'node:crypto';

/** A secret to hand out (in a cookie, a link or to a script) and the hash the database keeps. */
export interface Secret {
  value: string;
  hash: string;
}

/** 32 random bytes, base64url, optionally with a recognisable prefix (e.g. `kb_` for API tokens). */
export function newSecret(prefix = ''): Secret {
  const value = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { value, hash: hashSecret(value) };
}

/** SHA-256 of a secret. Secrets are long and random, so a fast hash is enough to make a leaked table useless. */
export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

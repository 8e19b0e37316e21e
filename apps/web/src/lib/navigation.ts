import { error, redirect } from '@sveltejs/kit';
import { ApiError } from './api-error.ts';
import type { Session } from './api-types.ts';

/** The sign-in page, coming back to `url` afterwards. */
export function signInUrl(url: URL): string {
  return `/login?next=${encodeURIComponent(url.pathname + url.search)}`;
}

/** A `next` parameter that stays on this site (a path, not `//elsewhere`), else the default. */
export function safeNext(next: string | null, fallback = '/networks'): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
}

/** In a load function: the session, or a redirect to the sign-in page. */
export function requireSession(session: Session | null, url: URL): Session {
  if (!session) redirect(303, signInUrl(url));
  return session;
}

/** In a load function: turns a failed API call into a redirect (401) or an error page with the API's key. */
export function failLoad(cause: unknown, url: URL): never {
  if (cause instanceof ApiError) {
    if (cause.status === 401) redirect(303, signInUrl(url));
    error(cause.status === 0 ? 503 : cause.status, { message: cause.key, key: cause.key });
  }
  throw cause;
}

import type { Context } from 'hono';
import type { Deps } from './env.ts';

/** An absolute link into the web app, on PUBLIC_URL when set, else on the address the request came to. */
export function appLink(c: Context, deps: Pick<Deps, 'config'>, path: string): string {
  return `${deps.config.publicUrl ?? new URL(c.req.url).origin}${path}`;
}

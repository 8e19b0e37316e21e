import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The request's own origin, as the browser addressed it: from the Host header, because on a WebSocket
 * upgrade @hono/node-ws builds the request URL on a fixed base rather than the real host.
 */
export function requestOrigin(c: Context): string {
  const url = new URL(c.req.url);
  return `${url.protocol}//${c.req.header('host') ?? url.host}`;
}

/** True when `origin` is this server as the browser sees it, PUBLIC_URL, or one of ALLOWED_ORIGINS. */
export function isAllowedOrigin(c: Context, origin: string, config: Deps['config']): boolean {
  return origin === requestOrigin(c) || origin === config.publicUrl || config.allowedOrigins.includes(origin);
}

/**
 * CSRF protection: a state-changing request that a browser could send with our cookie must carry an
 * Origin header of ours. Requests authorised by a Bearer token carry no ambient credential and are exempt.
 */
export function checkOrigin(deps: Pick<Deps, 'config'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method) && !c.req.header('authorization')) {
      const origin = c.req.header('origin');
      if (!origin || !isAllowedOrigin(c, origin, deps.config)) fail(403, 'origin.invalid');
    }
    await next();
  };
}

import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.ts';

/** Logs each request's method, path (never the query: it may hold a token), status and duration. */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.debug(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  };
}

import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.ts';

// A proxy's or client's id is kept only if it is short and plain: it goes into every log line and a header.
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

declare module 'hono' {
  interface ContextVariableMap {
    /** This request's id: the caller's X-Request-Id when well-formed, else a new UUID. */
    requestId: string;
    /** The server's logger with this request's id on every line; log through it while handling a request. */
    logger: Logger;
  }
}

/**
 * Gives each request an id (echoed in the X-Request-Id response header) and a child logger that puts it on every
 * line, then logs the request's method, path (never the query: it may hold a token), status and duration.
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('logger', log);
    await next();
    c.res.headers.set('x-request-id', requestId);
    log.debug(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  };
}

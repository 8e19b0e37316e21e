import type { MiddlewareHandler } from 'hono';
import type { ServerMetrics } from './server-metrics.ts';

/** Counts every answered request by status class, errors included (onError has made the response by then). */
export function countRequests(metrics: ServerMetrics): MiddlewareHandler {
  return async (c, next) => {
    await next();
    metrics.countRequest(c.res.status);
  };
}

import { Hono } from 'hono';
import type { Readiness } from '../ops/readiness.ts';

/**
 * GET /healthz: liveness. The process answers; nothing is checked, so a slow database never gets a live process
 * restarted. Reports the documents in memory, which tests and benchmarks wait on.
 */
export function healthRoutes(deps: { collab: { readonly openRooms: number } }) {
  return new Hono().get('/', (c) => c.json({ status: 'ok', openRooms: deps.collab.openRooms }));
}

/**
 * GET /readyz: readiness for a load balancer. 200 when the database (and Redis, when configured) answer; 503
 * while a dependency is down or the instance drains before stopping. Redis is 'off' when no Redis check is
 * registered (a single instance without REDIS_URL). Says only up or down, so it needs no authentication.
 */
export function readinessRoutes(deps: { readiness: Readiness }) {
  return new Hono().get('/', async (c) => {
    const { ready, draining, checks } = await deps.readiness.report();
    const status = ready ? 'ready' : draining ? 'draining' : 'unavailable';
    return c.json({ status, checks: { ...checks, redis: checks.redis ?? 'off' }, draining }, ready ? 200 : 503, {
      'cache-control': 'no-store',
    });
  });
}

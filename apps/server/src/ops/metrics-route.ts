import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { peerAddress } from '../client-address.ts';
import { EXPOSITION_CONTENT_TYPE } from './metrics.ts';
import type { ServerMetrics } from './server-metrics.ts';

// Headers a reverse proxy adds: a request that came through one is not local, whatever address it arrives from.
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/**
 * GET /metrics in the Prometheus text format. With METRICS_TOKEN set, only `Authorization: Bearer <token>`;
 * without it, only a scraper on this machine (a loopback address, not through a proxy).
 */
export function metricsRoutes(deps: { metrics: ServerMetrics; config: { metricsToken: string | null } }) {
  const token = deps.config.metricsToken;
  return new Hono().get('/', (c) => {
    if (token) {
      if (!sameSecret(c.req.header('authorization') ?? '', `Bearer ${token}`)) {
        return c.json({ error: 'unauthorised' }, 401, { 'www-authenticate': 'Bearer' });
      }
    } else if (!isLoopback(peerAddress(c)) || PROXY_HEADERS.some((name) => c.req.header(name) !== undefined)) {
      return c.json({ error: 'forbidden' }, 403);
    }
    return c.body(deps.metrics.render(), 200, {
      'content-type': EXPOSITION_CONTENT_TYPE,
      'cache-control': 'no-store',
    });
  });
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
export function isLoopback(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Compares in constant time, also for strings of different length (hashing first hides the length). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

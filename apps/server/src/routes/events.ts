import type { AnyLiveEvent } from '@klankbord/domain';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { authorise } from '../access/authorise.ts';
import { watchExpiry } from '../access/revoke.ts';
import type { AppEnv, Deps } from '../env.ts';
import { UserError } from '../errors.ts';
import { requireUser } from '../middleware/authenticate.ts';

// A comment line now and then keeps proxies from closing an idle stream and lets us notice a dead one.
const HEARTBEAT_MS = 25_000;

/**
 * GET /api/networks/:slug/events: the network's live events as server-sent events, for its members. A stream
 * ends with the credential that opened it (sign-out, a reset, a revoked or expired token) and with the
 * membership (see access/revoke.ts); a user may hold at most `eventStreamsPerUser` at once.
 */
export function eventRoutes(deps: Deps) {
  return new Hono<AppEnv>().use(requireUser).get('/', async (c) => {
    const slug = c.req.param('slug') ?? '';
    const { network, role, principal } = await authorise(
      deps.db,
      c.get('principal'),
      { type: 'events', slug },
      'subscribe',
    );
    const limit = deps.config.eventStreamsPerUser;
    if (deps.live.countOf(principal.user.id) >= limit) {
      throw new UserError(429, 'events.tooMany', undefined, { 'retry-after': '30' });
    }
    return streamSSE(c, async (stream) => {
      let closed = false;
      let wake: () => void = () => {};
      const finished = new Promise<void>((resolve) => {
        wake = resolve;
      });
      const close = () => {
        closed = true;
        wake();
      };
      const unsubscribe = deps.live.subscribe(network!.id, {
        userId: principal.user.id,
        credential: principal.credential,
        role: role!,
        send: (event: AnyLiveEvent) => {
          if (!closed) void stream.writeSSE({ event: event.type, data: JSON.stringify(event) }).catch(close);
        },
        close,
      });
      const unwatch = watchExpiry(principal, close);
      stream.onAbort(close);
      const heartbeat = setInterval(() => {
        if (!closed) void stream.write(': keep-alive\n\n').catch(close);
      }, HEARTBEAT_MS);
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ type: 'ready' }) });
      await finished;
      clearInterval(heartbeat);
      unwatch();
      unsubscribe();
    });
  });
}

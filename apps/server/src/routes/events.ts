import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { authorise } from '../access.ts';
import type { AppEnv, Deps } from '../env.ts';
import type { LiveEvent } from '../live.ts';
import { requireUser } from '../middleware/authenticate.ts';

// A comment line now and then keeps proxies from closing an idle stream and lets us notice a dead one.
const HEARTBEAT_MS = 25_000;

/** GET /api/networks/:slug/events: the network's live events as server-sent events, for its members. */
export function eventRoutes(deps: Deps) {
  return new Hono<AppEnv>().use(requireUser).get('/', async (c) => {
    const { network, role, principal } = await authorise(
      deps.db,
      c.get('principal'),
      c.req.param('slug') ?? '',
      'network.view',
    );
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
      const unsubscribe = deps.live.subscribe(network.id, {
        userId: principal.user.id,
        role,
        send: (event: LiveEvent) => {
          if (!closed) void stream.writeSSE({ event: event.type, data: JSON.stringify(event) }).catch(close);
        },
        close,
      });
      stream.onAbort(close);
      const heartbeat = setInterval(() => {
        if (!closed) void stream.write(': keep-alive\n\n').catch(close);
      }, HEARTBEAT_MS);
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ type: 'ready' }) });
      await finished;
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}

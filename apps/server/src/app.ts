import type { CollabServer } from '@klankbord/collab';
import type { Db } from '@klankbord/db';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { UpgradeWebSocket } from 'hono/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { collabRoutes } from './collab.ts';
import type { Logger } from './logger.ts';
import { requestLog } from './middleware/request-log.ts';
import { healthRoutes } from './routes/health.ts';

export interface AppDeps {
  db: Db;
  logger: Logger;
  collab: CollabServer<Context>;
  upgradeWebSocket: UpgradeWebSocket<WebSocket>;
  wss: WebSocketServer;
}

/** Builds the Hono app: middleware, route modules, and one error handler. No handlers inline. */
export function createApp(deps: AppDeps) {
  const app = new Hono()
    .use(requestLog(deps.logger))
    .route('/healthz', healthRoutes(deps))
    .route('/collab', collabRoutes(deps));

  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    deps.logger.error({ err: error, path: c.req.path }, 'unhandled error');
    return c.json({ error: 'internal_error' }, 500);
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;

import { type Db, isDatabaseReachable } from '@klankbord/db';
import { Hono } from 'hono';

/** GET /healthz: whether the database answers, and how many documents are open. 503 when degraded. */
export function healthRoutes(deps: { db: Db; collab: { readonly openRooms: number } }) {
  return new Hono().get('/', async (c) => {
    const database = await isDatabaseReachable(deps.db);
    return c.json(
      { status: database ? 'ok' : 'degraded', database, openRooms: deps.collab.openRooms },
      database ? 200 : 503,
    );
  });
}

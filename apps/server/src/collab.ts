import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Access, CloseCode, CollabServer, type Connection } from '@klankbord/collab';
import type { Db } from '@klankbord/db';
import { type Context, Hono } from 'hono';
import type { UpgradeWebSocket } from 'hono/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

// A socket that has not answered the previous ping by the next one is dead (a phone that lost its network).
const PING_INTERVAL_MS = 30_000;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Temporary authorisation until accounts exist: `?token=` must carry the read-write or the read-only token.
 * The next issue replaces this with the session cookie and the permission matrix.
 */
export function tokenAuthorisation(collab: Config['collab']) {
  return (_documentName: string, c: Context): Access => {
    const token = c.req.query('token');
    if (!token) return 'none';
    if (sameSecret(token, collab.writeToken)) return 'write';
    if (collab.readToken && sameSecret(token, collab.readToken)) return 'read';
    return 'none';
  };
}

/** The collaboration core, configured from the server's settings. */
export function createCollabServer(deps: { db: Db; config: Config; logger: Logger }): CollabServer<Context> {
  const { collab } = deps.config;
  return new CollabServer<Context>({
    db: deps.db,
    logger: deps.logger.child({ component: 'collab' }),
    authorise: tokenAuthorisation(collab),
    maxMessageBytes: collab.maxMessageBytes,
    maxDocumentsPerClient: collab.maxDocumentsPerClient,
    unloadAfterMs: collab.unloadAfterMs,
    compactAfterUpdates: collab.compactAfterUpdates,
  });
}

/**
 * GET /collab/:document — the y-websocket endpoint. Authorisation happens before the upgrade, so a
 * refused client gets a plain HTTP 401 and never a socket; every later message goes through the core.
 */
export function collabRoutes(deps: {
  collab: CollabServer<Context>;
  upgradeWebSocket: UpgradeWebSocket<WebSocket>;
  wss: WebSocketServer;
}) {
  const { collab, upgradeWebSocket } = deps;
  // @hono/node-ws creates its WebSocketServer without options; ws reads maxPayload at each upgrade,
  // so an oversized frame is refused by ws before it is buffered whole.
  (deps.wss.options as { maxPayload?: number }).maxPayload = collab.maxMessageBytes;
  const alive = new WeakSet<WebSocket>();
  const sockets = new Set<WebSocket>();
  const pinger = setInterval(() => {
    for (const socket of sockets) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  return new Hono<{ Variables: { access: Exclude<Access, 'none'> } }>().get(
    '/:document',
    async (c, next) => {
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
        return c.json({ error: 'websocket_required' }, 426);
      }
      const access = await collab.authorise(c.req.param('document'), c);
      if (access === 'none') return c.json({ error: 'unauthorised' }, 401);
      c.set('access', access);
      await next();
    },
    upgradeWebSocket((c) => {
      let connection: Connection | null = null;
      return {
        onOpen(_event, ws) {
          const socket = ws.raw as WebSocket;
          sockets.add(socket);
          alive.add(socket);
          socket.on('pong', () => alive.add(socket));
          connection = collab.connect({
            documentName: c.req.param('document') ?? '',
            access: c.get('access'),
            // Never the token itself: client keys appear in logs.
            clientKey: `${c.get('access')}@${getConnInfo(c).remote.address ?? 'unknown'}`,
            transport: {
              send: (data) => socket.send(data),
              close: (code, reason) => socket.close(code, reason),
            },
          });
        },
        onMessage(event) {
          if (!(event.data instanceof ArrayBuffer)) {
            connection?.close(CloseCode.malformedMessage, 'text frames are not part of the protocol');
            return;
          }
          connection?.receive(new Uint8Array(event.data));
        },
        onClose(_event, ws) {
          sockets.delete(ws.raw as WebSocket);
          connection?.transportClosed();
        },
      };
    }),
  );
}

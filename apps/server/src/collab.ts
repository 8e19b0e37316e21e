import {
  type Access,
  CloseCode,
  CollabServer,
  type CommitObserver,
  type Connection,
  type RoomRelay,
} from '@klankbord/collab';
import type { Db } from '@klankbord/db';
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { UpgradeWebSocket } from 'hono/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { decideNeeds } from './access/authorise.ts';
import { watchExpiry } from './access/revoke.ts';
import { principalFromSession, principalFromToken, SESSION_COOKIE } from './auth/principal.ts';
import type { Config } from './config.ts';
import type { AppEnv, Principal } from './env.ts';
import type { Logger } from './logger.ts';
import { isAllowedOrigin } from './middleware/origin.ts';
import { projectDocuments } from './projections.ts';

// A socket that has not answered the previous ping by the next one is dead (a phone that lost its network).
const PING_INTERVAL_MS = 30_000;

/**
 * Who is connecting: a personal API token in `?token=` (scripts, integrations), else the session cookie —
 * and then only from one of our origins, since a browser sends cookies along from any page.
 */
async function connectingPrincipal(db: Db, config: Config, c: Context<AppEnv>): Promise<Principal | null> {
  const token = c.req.query('token');
  if (token) return principalFromToken(db, token);
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return null;
  const origin = c.req.header('origin');
  if (!origin || !isAllowedOrigin(c, origin, config)) return null;
  return principalFromSession(db, cookie, config.sessionDays);
}

/**
 * The collaboration endpoint's authorisation: the one access decision on the document's address. A name of
 * a kind that is not registered, or that points at nothing of the network it names, is refused for everyone.
 */
export function documentAuthorisation(db: Db, config: Config) {
  return async (documentName: string, c: Context<AppEnv>): Promise<Access> => {
    const principal = await connectingPrincipal(db, config, c);
    if (!principal) return 'none';
    c.set('principal', principal);
    const address = { type: 'document', name: documentName } as const;
    const { decisions } = await decideNeeds(db, principal, address, ['write', 'read']);
    if (decisions.get('write') === 'allow') return 'write';
    return decisions.get('read') === 'allow' ? 'read' : 'none';
  };
}

/** The collaboration core, configured from the server's settings. */
export function createCollabServer(deps: {
  db: Db;
  config: Config;
  logger: Logger;
  /** Told of each durable group commit (metrics). */
  onCommit?: CommitObserver;
  /** The other instances, on a scale-out. */
  relay?: RoomRelay;
}): CollabServer<Context<AppEnv>> {
  const { collab } = deps.config;
  return new CollabServer<Context<AppEnv>>({
    db: deps.db,
    logger: deps.logger.child({ component: 'collab' }),
    authorise: documentAuthorisation(deps.db, deps.config),
    onChange: projectDocuments(deps),
    ...(deps.onCommit ? { onCommit: deps.onCommit } : {}),
    ...(deps.relay ? { relay: deps.relay } : {}),
    maxMessageBytes: collab.maxMessageBytes,
    maxDocumentsPerClient: collab.maxDocumentsPerClient,
    maxConnectionsPerDocument: collab.maxConnectionsPerDocument,
    maxBufferedBytes: collab.maxBufferedBytes,
    maxAwarenessBytes: collab.maxAwarenessBytes,
    maxDocumentBytes: collab.maxDocumentBytes,
    unloadAfterMs: collab.unloadAfterMs,
    compactAfterUpdates: collab.compactAfterUpdates,
  });
}

/**
 * GET /collab/:document — the y-websocket endpoint. Authorisation happens before the upgrade, so a
 * refused client gets a plain HTTP 401 and never a socket; every later message goes through the core.
 */
export function collabRoutes(deps: {
  collab: CollabServer<Context<AppEnv>>;
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

  return new Hono<AppEnv>().get(
    '/:document',
    async (c, next) => {
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
        return c.json({ error: 'websocket_required' }, 426);
      }
      // Read before deciding: an access change (finalising, a new role) while deciding closes the socket at once.
      const authorisedAt = collab.accessEpoch;
      const access = await collab.authorise(c.req.param('document'), c);
      if (access === 'none') return c.json({ error: 'unauthorised' }, 401);
      c.set('collabAccess', access);
      c.set('collabAuthorisedAt', authorisedAt);
      await next();
    },
    upgradeWebSocket((c) => {
      let connection: Connection | null = null;
      let unwatch = () => {};
      return {
        onOpen(_event, ws) {
          const socket = ws.raw as WebSocket;
          const principal = c.get('principal');
          sockets.add(socket);
          alive.add(socket);
          socket.on('pong', () => alive.add(socket));
          connection = collab.connect({
            documentName: c.req.param('document') ?? '',
            access: c.get('collabAccess'),
            authorisedAt: c.get('collabAuthorisedAt'),
            clientKey: `user:${principal?.user.id}`,
            credential: principal?.credential,
            ...(principal ? { displayName: principal.user.name } : {}),
            transport: {
              send: (data) => socket.send(data),
              close: (code, reason) => socket.close(code, reason),
              bufferedBytes: () => socket.bufferedAmount,
              // destroy() on the TCP socket: what ws and Node still held for this client is released at once.
              terminate: () => socket.terminate(),
            },
          });
          // A token that expires while its socket is open ends the socket then, not at the next connect.
          if (principal) {
            unwatch = watchExpiry(principal, () => connection?.close(CloseCode.accessRevoked, 'credential expired'));
          }
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
          unwatch();
          connection?.transportClosed();
        },
      };
    }),
  );
}

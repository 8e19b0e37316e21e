import { type Access, CloseCode, CollabServer, type Connection } from '@klankbord/collab';
import {
  type Db,
  findExample,
  findMeeting,
  findMeetingSession,
  findNetwork,
  isReportFinalised,
  listSessions,
} from '@klankbord/db';
import {
  documentAccess,
  exampleAccess,
  isExampleAuthor,
  type MeetingStatus,
  meetingDocumentAccess,
  meetingDocumentKinds,
  parseDocumentName,
  parseExampleDocumentName,
  parseMeetingDocumentName,
  programmeDocumentName,
  type Role,
  reportDocumentName,
  sessionNotesDocumentName,
} from '@klankbord/domain';
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { UpgradeWebSocket } from 'hono/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { roleIn } from './access.ts';
import { principalFromSession, principalFromToken, SESSION_COOKIE } from './auth/principal.ts';
import type { Config } from './config.ts';
import type { AppEnv, Principal } from './env.ts';
import type { Logger } from './logger.ts';
import { isAllowedOrigin } from './middleware/origin.ts';
import { meetingOfProgramme, projectDocuments } from './projections.ts';

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
 * The meeting a meeting document (programme, report, session notes) belongs to, as its id and status, or null
 * when the name points at no meeting of this network: an unknown meeting or session, or one of another network.
 */
async function meetingOfDocument(
  db: Db,
  documentName: string,
  networkId: number,
): Promise<{ id: number; status: MeetingStatus } | null> {
  const target = parseMeetingDocumentName(documentName);
  if (!target) return null;
  if (target.kind === 'programme' || target.kind === 'report') {
    return (await meetingOfProgramme(db, target.networkSlug, target.meetingId)) ?? null;
  }
  // A session exists for access once the programme that holds it has been projected.
  const session = await findMeetingSession(db, target.sessionId);
  const meeting = session && (await findMeeting(db, session.meetingId));
  return meeting?.network_id === networkId ? meeting : null;
}

/** A goed voorbeeld's description: its authors and the klankbordgroep write, every other member reads. */
async function exampleDocumentAccess(
  db: Db,
  documentName: string,
  networkId: number,
  userId: number,
  role: Role | null,
): Promise<Access> {
  const target = parseExampleDocumentName(documentName);
  const example = target && (await findExample(db, target.exampleId));
  if (!example || example.networkId !== networkId) return 'none';
  return exampleAccess(role, isExampleAuthor(example, userId));
}

/**
 * The collaboration endpoint's authorisation: a document belongs to the network named by its scope, and the
 * member's role there decides through the permission matrix (packages/domain) whether they read or write.
 * A meeting's documents (programme, report, session notes) also depend on the meeting's status, and a
 * finalised report is read-only for everyone, whatever their role.
 */
export function documentAuthorisation(db: Db, config: Config) {
  return async (documentName: string, c: Context<AppEnv>): Promise<Access> => {
    const principal = await connectingPrincipal(db, config, c);
    if (!principal) return 'none';
    const address = parseDocumentName(documentName);
    const network = await findNetwork(db, address?.scope ?? '');
    if (!address || !network) return 'none';
    c.set('principal', principal);
    const role = await roleIn(db, network.id, principal.user.id);
    if (address.kind === 'example') return exampleDocumentAccess(db, documentName, network.id, principal.user.id, role);
    if (!Object.hasOwn(meetingDocumentKinds, address.kind)) return documentAccess(role);
    const meeting = await meetingOfDocument(db, documentName, network.id);
    if (!meeting) return 'none';
    const access = meetingDocumentAccess(role, address.kind as keyof typeof meetingDocumentKinds, meeting.status);
    if (access === 'write' && address.kind === 'report' && (await isReportFinalised(db, meeting.id))) return 'read';
    return access;
  };
}

/**
 * Closes every socket on a meeting's documents (its programme, its report and the notes of its sessions) with code 4001:
 * the stock client reconnects and is authorised afresh. Call it after a meeting's status changed, since what
 * each role may do with those documents follows from the status. Returns how many sockets were closed.
 */
export async function reauthoriseMeeting(
  collab: CollabServer<Context<AppEnv>>,
  db: Db,
  networkSlug: string,
  meetingId: number,
): Promise<number> {
  const names = new Set([
    programmeDocumentName(networkSlug, meetingId),
    reportDocumentName(networkSlug, meetingId),
    ...(await listSessions(db, meetingId)).map((session) => sessionNotesDocumentName(networkSlug, session.id)),
  ]);
  return collab.closeConnections(
    (connection) => names.has(connection.documentName),
    CloseCode.accessChanged,
    'meeting status changed',
  );
}

/**
 * Closes every socket on a meeting's report with code 4001, after it was finalised or reopened: writers
 * reconnect and are authorised afresh (read-only while it is final). Returns how many sockets were closed.
 */
export function reauthoriseReport(
  collab: CollabServer<Context<AppEnv>>,
  networkSlug: string,
  meetingId: number,
  reason: string,
): number {
  const name = reportDocumentName(networkSlug, meetingId);
  return collab.closeConnections((connection) => connection.documentName === name, CloseCode.accessChanged, reason);
}

/** The collaboration core, configured from the server's settings. */
export function createCollabServer(deps: { db: Db; config: Config; logger: Logger }): CollabServer<Context<AppEnv>> {
  const { collab } = deps.config;
  return new CollabServer<Context<AppEnv>>({
    db: deps.db,
    logger: deps.logger.child({ component: 'collab' }),
    authorise: documentAuthorisation(deps.db, deps.config),
    onChange: projectDocuments(deps),
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

import type { CollabServer } from '@klankbord/collab';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import type { UpgradeWebSocket } from 'hono/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { collabRoutes } from './collab.ts';
import type { AppEnv, Deps } from './env.ts';
import { UserError } from './errors.ts';
import { authenticate } from './middleware/authenticate.ts';
import { checkOrigin } from './middleware/origin.ts';
import { requestLog } from './middleware/request-log.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { metricsRoutes } from './ops/metrics-route.ts';
import type { Readiness } from './ops/readiness.ts';
import { countRequests } from './ops/request-metrics.ts';
import type { ServerMetrics } from './ops/server-metrics.ts';
import { accountRoutes } from './routes/account.ts';
import { afspraakRoutes } from './routes/afspraken.ts';
import { archiveRoutes } from './routes/archive.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { barrierReportRoutes } from './routes/barrier-reports.ts';
import { messageRoutes, threadRoutes, unreadRoutes } from './routes/discussions.ts';
import { eventRoutes } from './routes/events.ts';
import { exampleRoutes } from './routes/examples.ts';
import { dayCodeRoutes, guestVoteRoutes } from './routes/guest-votes.ts';
import { healthRoutes, readinessRoutes } from './routes/health.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { meetingRoutes } from './routes/meetings.ts';
import { memberRoutes } from './routes/members.ts';
import { networkInvitationRoutes } from './routes/network-invitations.ts';
import { networkRoutes } from './routes/networks.ts';
import { notificationRoutes, unsubscribeRoutes } from './routes/notifications.ts';
import { oidcRoutes } from './routes/oidc.ts';
import { organisationRoutes } from './routes/organisations.ts';
import { passwordResetRoutes } from './routes/password-resets.ts';
import { programmeRoutes } from './routes/programme.ts';
import { reportRoutes } from './routes/report.ts';
import { reportCommentRoutes } from './routes/report-comments.ts';
import { reportExportRoutes } from './routes/report-export.ts';
import { publicReportRoutes, reportPublicationRoutes } from './routes/report-publication.ts';
import { reportSuggestionRoutes } from './routes/report-suggestions.ts';
import { searchRoutes } from './routes/search.ts';
import { setupRoutes } from './routes/setup.ts';
import { statementRoutes } from './routes/statements.ts';
import { themeRoutes } from './routes/themes.ts';
import { timelineRoutes } from './routes/timeline.ts';
import { todayRoutes } from './routes/today.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { userRoutes } from './routes/users.ts';
import { webAppRoutes } from './routes/web-app.ts';

// JSON bodies of this API are small (the longest field is a network's purpose, 2,000 characters).
const MAX_BODY_BYTES = 64 * 1024;

const errorKeys: Partial<Record<number, string>> = {
  400: 'invalid_input',
  401: 'unauthorised',
  403: 'forbidden',
  404: 'not_found',
  413: 'too_large',
};

const jsonBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  // The unread rest of the body ends this connection; saying so stops clients from reusing it.
  onError: (c) => c.json({ error: 'too_large' }, 413, { connection: 'close' }),
});

/** The REST API under /api. Its type is what the web app's typed client is checked against. */
export function apiRoutes(deps: Deps) {
  return (
    new Hono<AppEnv>()
      .use((c, next) =>
        // An upload of a file has its own, larger limit (routes/attachments.ts); every other body is small JSON.
        c.req.method === 'POST' && c.req.path === '/api/attachments' ? next() : jsonBodyLimit(c, next),
      )
      .use(authenticate(deps), checkOrigin(deps))
      // JSON answers are compressed when the client takes gzip; event streams and downloads are left alone (a
      // stream must not wait for a buffer to fill, and a .docx or .pdf is compressed already).
      .use(compress({ contentTypeFilter: /^application\/json/ }))
      .route('/setup', setupRoutes(deps))
      .route('/auth/oidc', oidcRoutes(deps))
      .route('/auth', authRoutes(deps))
      .route('/account', accountRoutes(deps))
      .route('/password-resets', passwordResetRoutes(deps))
      .route('/organisations', organisationRoutes(deps))
      .route('/networks', networkRoutes(deps))
      .route('/networks/:slug/members', memberRoutes(deps))
      .route('/networks/:slug/invitations', networkInvitationRoutes(deps))
      .route('/networks/:slug/audit', auditRoutes(deps))
      .route('/networks/:slug/events', eventRoutes(deps))
      .route('/networks/:slug/unread', unreadRoutes(deps))
      .route('/notifications', notificationRoutes(deps))
      .route('/threads', threadRoutes(deps))
      .route('/messages', messageRoutes(deps))
      .route('/', meetingRoutes(deps))
      .route('/', themeRoutes(deps))
      .route('/', statementRoutes(deps))
      .route('/', dayCodeRoutes(deps))
      .route('/guest', guestVoteRoutes(deps))
      .route('/me', todayRoutes(deps))
      .route('/', programmeRoutes(deps))
      .route('/', reportRoutes(deps))
      .route('/', afspraakRoutes(deps))
      .route('/', reportExportRoutes(deps))
      .route('/', reportCommentRoutes(deps))
      .route('/', reportSuggestionRoutes(deps))
      .route('/', reportPublicationRoutes(deps))
      .route('/', archiveRoutes(deps))
      .route('/', timelineRoutes(deps))
      .route('/public', publicReportRoutes(deps))
      .route('/', exampleRoutes(deps))
      .route('/attachments', attachmentRoutes(deps))
      .route('/search', searchRoutes(deps))
      .route('/invitations', invitationRoutes(deps))
      .route('/tokens', tokenRoutes(deps))
      .route('/users', userRoutes(deps))
      .route('/barrier-reports', barrierReportRoutes(deps))
  );
}

export interface AppDeps extends Deps {
  collab: CollabServer<Context<AppEnv>>;
  upgradeWebSocket: UpgradeWebSocket<WebSocket>;
  wss: WebSocketServer;
  readiness: Readiness;
  metrics: ServerMetrics;
}

/** Builds the Hono app: middleware, route modules, and one error handler. No handlers inline. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
    .use(requestLog(deps.logger))
    .use(countRequests(deps.metrics))
    .use(securityHeaders())
    .route('/healthz', healthRoutes(deps))
    .route('/readyz', readinessRoutes(deps))
    .route('/metrics', metricsRoutes(deps))
    .route('/api', apiRoutes(deps))
    .route('/collab', collabRoutes(deps))
    .route('/unsubscribe', unsubscribeRoutes(deps))
    .route('/', webAppRoutes(deps.config));

  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  app.onError((error, c) => {
    if (error instanceof UserError) return error.getResponse();
    // Hono's own refusals (malformed JSON, a body over the limit) get an error key like ours.
    if (error instanceof HTTPException)
      return c.json({ error: errorKeys[error.status] ?? 'invalid_input' }, error.status);
    (c.get('logger') ?? deps.logger).error({ err: error, path: c.req.path }, 'unhandled error');
    return c.json({ error: 'internal_error' }, 500);
  });
  return app;
}

/** The type of the REST API, for `hc<ApiType>` in the web app. */
export type ApiType = ReturnType<typeof apiRoutes>;

import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isTrustedProxyList, type TrustedProxies, trustedProxies } from './client-address.ts';

const integer = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

// Every environment variable the server reads, with its default. Nothing else reads process.env.
const schema = z.object({
  PORT: integer(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  // Scale-out (docs/deployment.md): PostgreSQL instead of the embedded SQLite file, and Redis between instances.
  DATABASE_URL: z
    .url()
    .refine((url) => /^postgres(ql)?:\/\//.test(url), 'a postgres:// or postgresql:// URL')
    .optional(),
  REDIS_URL: z
    .url()
    .refine((url) => /^rediss?:\/\//.test(url), 'a redis:// or rediss:// URL')
    .optional(),
  // This instance's name in logs and metrics; the host name and process id when not set.
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  // The address people reach Klankbord at; links in invitations use it, and it is an allowed Origin.
  PUBLIC_URL: z.url().optional(),
  // Behind a load balancer: the proxies (addresses or subnets, comma-separated) whose X-Forwarded-For names the
  // client. Unset, the socket's peer is the client (src/client-address.ts).
  TRUST_PROXY: z.string().default('').refine(isTrustedProxyList, 'comma-separated IP addresses or address/prefix'),
  // Further origins allowed to call the API with a session cookie (comma-separated), e.g. a dev server.
  ALLOWED_ORIGINS: z.string().default(''),
  SESSION_DAYS: integer(14, 1),
  INVITATION_DAYS: integer(14, 1),
  PASSWORD_RESET_HOURS: integer(24, 1),
  // Optional: invitations, and a published verslag when the secretariaat asks, are also e-mailed when a mail
  // server is configured (smtp:// or smtps:// URL).
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().min(3).default('Klankbord <klankbord@localhost>'),
  // The built web app; served on the same port when present.
  WEB_DIR: z.string().min(1).optional(),
  // The public facts the organisations and networks are seeded from on first start.
  SEED_FILE: z.string().min(1).optional(),
  COLLAB_MAX_MESSAGE_BYTES: integer(16 * 1024 * 1024, 1024),
  COLLAB_MAX_DOCUMENTS_PER_CLIENT: integer(64, 1),
  COLLAB_MAX_CONNECTIONS_PER_DOCUMENT: integer(200, 1),
  // A socket holding more unsent bytes than this is not reading and is dropped; it reconnects and resyncs.
  COLLAB_MAX_BUFFERED_BYTES: integer(1024 * 1024, 64 * 1024),
  COLLAB_MAX_AWARENESS_BYTES: integer(4096, 256),
  COLLAB_MAX_DOCUMENT_BYTES: integer(64 * 1024 * 1024, 64 * 1024),
  COLLAB_UNLOAD_AFTER_MS: integer(10_000),
  COLLAB_COMPACT_AFTER_UPDATES: integer(1000, 1),
  SHUTDOWN_TIMEOUT_MS: integer(15_000, 100),
  // On SIGTERM, how long /readyz answers 503 before sockets close, so a load balancer stops sending new clients.
  DRAIN_DELAY_MS: integer(0),
  // /metrics asks for `Authorization: Bearer <token>` when set; without it, only loopback addresses may read it.
  METRICS_TOKEN: z.string().min(16).optional(),
  // Live event streams one person may hold open at once (tabs × networks).
  EVENT_STREAMS_PER_USER: integer(32, 1),
  // How often mentions and assignments waiting to be mailed go out (one mail per person per run).
  NOTIFICATION_OUTBOX_MS: integer(20_000, 100),
  // Bestanden: the largest file one may attach, and what all of one network's files may take together.
  ATTACHMENT_MAX_BYTES: integer(20 * 1024 * 1024, 1),
  NETWORK_ATTACHMENT_QUOTA_BYTES: integer(1024 * 1024 * 1024, 1),
});

/** The server's configuration, parsed and validated. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  /** PostgreSQL instead of databaseFile, when set. */
  databaseUrl: string | null;
  /** Redis between instances, when set; one instance on its own needs none. */
  redisUrl: string | null;
  instanceId: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  publicUrl: string | null;
  trustProxy: TrustedProxies;
  allowedOrigins: string[];
  sessionDays: number;
  invitationDays: number;
  passwordResetHours: number;
  smtp: { url: string; from: string } | null;
  /** The built web app, or null when it has not been built. */
  webDir: string | null;
  seedFile: string;
  collab: {
    maxMessageBytes: number;
    maxDocumentsPerClient: number;
    maxConnectionsPerDocument: number;
    maxBufferedBytes: number;
    maxAwarenessBytes: number;
    maxDocumentBytes: number;
    unloadAfterMs: number;
    compactAfterUpdates: number;
  };
  shutdownTimeoutMs: number;
  drainDelayMs: number;
  metricsToken: string | null;
  eventStreamsPerUser: number;
  notificationOutboxMs: number;
  attachments: { dir: string; maxBytes: number; networkQuotaBytes: number };
}

/** A configuration that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the configuration from an environment (process.env in main.ts, a plain object in tests). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.DRAIN_DELAY_MS >= e.SHUTDOWN_TIMEOUT_MS)
    throw new ConfigError('invalid configuration: DRAIN_DELAY_MS must be less than SHUTDOWN_TIMEOUT_MS');
  const dataDir = resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseFile: resolve(dataDir, 'klankbord.sqlite'),
    databaseUrl: e.DATABASE_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    instanceId: e.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : null,
    trustProxy: trustedProxies(e.TRUST_PROXY),
    allowedOrigins: e.ALLOWED_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    sessionDays: e.SESSION_DAYS,
    invitationDays: e.INVITATION_DAYS,
    passwordResetHours: e.PASSWORD_RESET_HOURS,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null,
    webDir: webDir(e.WEB_DIR),
    seedFile: resolve(e.SEED_FILE ?? fileURLToPath(new URL('../seed/netwerk-grote-steden.json', import.meta.url))),
    collab: {
      maxMessageBytes: e.COLLAB_MAX_MESSAGE_BYTES,
      maxDocumentsPerClient: e.COLLAB_MAX_DOCUMENTS_PER_CLIENT,
      maxConnectionsPerDocument: e.COLLAB_MAX_CONNECTIONS_PER_DOCUMENT,
      maxBufferedBytes: e.COLLAB_MAX_BUFFERED_BYTES,
      maxAwarenessBytes: e.COLLAB_MAX_AWARENESS_BYTES,
      maxDocumentBytes: e.COLLAB_MAX_DOCUMENT_BYTES,
      unloadAfterMs: e.COLLAB_UNLOAD_AFTER_MS,
      compactAfterUpdates: e.COLLAB_COMPACT_AFTER_UPDATES,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    drainDelayMs: e.DRAIN_DELAY_MS,
    metricsToken: e.METRICS_TOKEN ?? null,
    eventStreamsPerUser: e.EVENT_STREAMS_PER_USER,
    notificationOutboxMs: e.NOTIFICATION_OUTBOX_MS,
    attachments: {
      dir: resolve(dataDir, 'files'),
      maxBytes: e.ATTACHMENT_MAX_BYTES,
      networkQuotaBytes: e.NETWORK_ATTACHMENT_QUOTA_BYTES,
    },
  };
}

function webDir(configured: string | undefined): string | null {
  // From src/ (tsx) and from dist/ (the bundle) alike, the web app's build sits at ../../web/build.
  const dir = resolve(configured ?? fileURLToPath(new URL('../../web/build', import.meta.url)));
  return existsSync(resolve(dir, 'index.html')) ? dir : null;
}

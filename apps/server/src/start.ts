import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { CloseCode } from '@klankbord/collab';
import {
  type Db,
  deleteExpiredSessions,
  isDatabaseReachable,
  listStorageKeys,
  openDatabase,
  runExclusive,
} from '@klankbord/db';
import { Hono } from 'hono';
import { listenForRevocations } from './access/revoke.ts';
import { createApp } from './app.ts';
import type { Bus } from './cluster/bus.ts';
import { createBus } from './cluster/create-bus.ts';
import { busRoomRelay } from './cluster/room-relay.ts';
import { createCollabServer } from './collab.ts';
import type { Config } from './config.ts';
import { databaseLocation } from './database.ts';
import type { AppEnv } from './env.ts';
import { FileStore } from './files/storage.ts';
import { LiveHub } from './live.ts';
import type { Logger } from './logger.ts';
import { createMailer } from './mail.ts';
import { startNotificationJobs } from './notifications/jobs.ts';
import { Readiness } from './ops/readiness.ts';
import { ServerMetrics } from './ops/server-metrics.ts';
import { rebuildEmptySearchIndex } from './search-index.ts';
import { seedOnFirstStart } from './seed.ts';
import { serialReportSteps } from './serial.ts';
import { startVotingDeadlines } from './voting-deadlines.ts';

/** A running server: where it listens, and how to stop it gracefully. */
export interface RunningServer {
  port: number;
  /** The database, for the CLI and for tests that arrange data directly. */
  db: Db;
  /** The collaboration core, for tests that re-authorise or inspect its connections. */
  collab: ReturnType<typeof createCollabServer>;
  /** The live event streams, for tests that end them. */
  live: LiveHub;
  /** Messages to the other instances (Redis), for tests that watch it. */
  bus: Bus;
  /** /readyz's checks (the Redis bus adds its own) and the draining flag. */
  readiness: Readiness;
  /** /metrics (the Redis bus sets its lag). */
  metrics: ServerMetrics;
  /**
   * Drains (readiness 503 for DRAIN_DELAY_MS), refuses new connections, closes sockets, flushes and compacts
   * documents, then closes the database.
   */
  close(): Promise<void>;
}

/** Opens the database, builds the app and listens. Used by main.ts and by in-process tests. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const db = await openDatabase(databaseLocation(config));
  await seedOnFirstStart(db, config.seedFile, logger);
  // After a migration that emptied the search index, build it before taking requests (with progress in the log).
  await rebuildEmptySearchIndex(db, logger);
  const readiness = new Readiness();
  readiness.addCheck('database', () => isDatabaseReachable(db));
  const metrics = new ServerMetrics();
  const bus = createBus(config, logger, (seconds) => metrics.setRedisLag(seconds));
  if (config.redisUrl) readiness.addCheck('redis', () => bus.isUp());
  const collab = createCollabServer({
    db,
    config,
    logger,
    onCommit: metrics.observeCommit,
    ...(config.redisUrl ? { relay: busRoomRelay(bus) } : {}),
  });
  // Messages between instances may have been lost while Redis was away: every open document compares with the database.
  // After Redis was away, messages between instances may have been lost: every open document compares itself with
  // the database, and every socket is authorised afresh, since a revocation or a change of role may be among them
  // (event streams end for the same reason: LiveHub).
  bus.onReconnect(() => {
    void collab.reconcileAll();
    collab.closeConnections(() => true, CloseCode.accessChanged, 'messages between instances may have been lost');
  });
  // node-ws needs the app to route upgrades through; the real app is mounted on this shell below.
  const shell = new Hono<AppEnv>();
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app: shell });
  const mailer = createMailer(config, logger);
  // Events, revocations and deleted documents cross to the other instances over the bus (nowhere on one instance).
  const live = new LiveHub(bus, logger);
  listenForRevocations({ bus, collab, live, logger });
  const files = new FileStore(config.attachments.dir);
  const reportSteps = serialReportSteps(db);
  metrics.sample({
    collabConnections: () => wss.clients.size,
    rooms: () => collab.openRooms,
    eventStreams: () => live.openStreams,
    draining: () => readiness.isDraining,
  });
  shell.route(
    '/',
    createApp({
      db,
      config,
      logger,
      collab,
      mailer,
      live,
      files,
      reportSteps,
      bus,
      upgradeWebSocket,
      wss,
      readiness,
      metrics,
    }),
  );

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: shell.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  injectWebSocket(server);
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: config.host, dataDir: config.dataDir }, 'listening');

  // Expired sessions are refused on sight; this only keeps the table from growing. Files that no attachment
  // row knows (an upload cut off between writing the file and recording it) go too; with several instances the
  // files are on storage they share (docs/deployment.md), so one instance at a time sweeps both.
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = runExclusive(db, 'housekeeping.sweep', async () => {
      await deleteExpiredSessions(db).catch((error: unknown) => logger.error({ err: error }, 'session sweep failed'));
      await listStorageKeys(db)
        .then((known) => files.sweep(known))
        .catch((error: unknown) => logger.error({ err: error }, 'file sweep failed'));
    }).catch((error: unknown) => logger.error({ err: error }, 'sweep failed'));
  };
  sweep();
  const sweeper = setInterval(sweep, 60 * 60 * 1000);
  sweeper.unref();
  // Links in notification mail: PUBLIC_URL, else the address this server listens on (a local set-up).
  const listening = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const baseUrl = config.publicUrl ?? `http://${listening}:${port}`;
  const stopVotingDeadlines = startVotingDeadlines({ db, live, logger });
  const stopNotificationJobs = startNotificationJobs(
    { db, mailer, logger, live, baseUrl },
    config.notificationOutboxMs,
  );

  let closing: Promise<void> | null = null;
  return {
    port,
    db,
    collab,
    live,
    bus,
    readiness,
    metrics,
    close() {
      closing ??= (async () => {
        // /readyz turns 503 first; a load balancer that has seen it sends no new clients. Then the sockets close
        // with goingAway, and their clients reconnect through the balancer to another instance.
        readiness.setDraining();
        if (config.drainDelayMs > 0) {
          logger.info({ drainDelayMs: config.drainDelayMs }, 'draining');
          await delay(config.drainDelayMs);
        }
        clearInterval(sweeper);
        await sweeping;
        await stopNotificationJobs();
        await stopVotingDeadlines();
        live.closeAll();
        await collab.close();
        await bus.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        await db.destroy();
        logger.info({}, 'stopped');
      })();
      return closing;
    },
  };
}

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { type Db, deleteExpiredSessions, listStorageKeys, openDatabase } from '@klankbord/db';
import { Hono } from 'hono';
import { createApp } from './app.ts';
import { createCollabServer } from './collab.ts';
import type { Config } from './config.ts';
import type { AppEnv } from './env.ts';
import { FileStore } from './files/storage.ts';
import { LiveHub } from './live.ts';
import type { Logger } from './logger.ts';
import { createMailer } from './mail.ts';
import { startNotificationJobs } from './notifications/jobs.ts';
import { rebuildEmptySearchIndex } from './search-index.ts';
import { seedOnFirstStart } from './seed.ts';
import { Serial } from './serial.ts';
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
  /** Refuses new connections, closes sockets, flushes and compacts documents, then closes the database. */
  close(): Promise<void>;
}

/** Opens the database, builds the app and listens. Used by main.ts and by in-process tests. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const db = await openDatabase({ file: config.databaseFile });
  await seedOnFirstStart(db, config.seedFile, logger);
  // After a migration that emptied the search index, build it before taking requests (with progress in the log).
  await rebuildEmptySearchIndex(db, logger);
  const collab = createCollabServer({ db, config, logger });
  // node-ws needs the app to route upgrades through; the real app is mounted on this shell below.
  const shell = new Hono<AppEnv>();
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app: shell });
  const mailer = createMailer(config, logger);
  const live = new LiveHub();
  const files = new FileStore(config.attachments.dir);
  const reportSteps = new Serial<number>();
  shell.route('/', createApp({ db, config, logger, collab, mailer, live, files, reportSteps, upgradeWebSocket, wss }));

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: shell.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  injectWebSocket(server);
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: config.host, dataDir: config.dataDir }, 'listening');

  // Expired sessions are refused on sight; this only keeps the table from growing. Files that no attachment
  // row knows (an upload cut off between writing the file and recording it) go too.
  const sweep = () => {
    deleteExpiredSessions(db).catch((error: unknown) => logger.error({ err: error }, 'session sweep failed'));
    listStorageKeys(db)
      .then((known) => files.sweep(known))
      .catch((error: unknown) => logger.error({ err: error }, 'file sweep failed'));
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
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        await stopNotificationJobs();
        await stopVotingDeadlines();
        live.closeAll();
        await collab.close();
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

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { openDatabase } from '@klankbord/db';
import { Hono } from 'hono';
import { createApp } from './app.ts';
import { createCollabServer } from './collab.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

/** A running server: where it listens, and how to stop it gracefully. */
export interface RunningServer {
  port: number;
  /** Refuses new connections, closes sockets, flushes and compacts documents, then closes the database. */
  close(): Promise<void>;
}

/** Opens the database, builds the app and listens. Used by main.ts and by in-process tests. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const db = await openDatabase({ file: config.databaseFile });
  const collab = createCollabServer({ db, config, logger });
  // node-ws needs the app to route upgrades through; the real app is mounted on this shell below.
  const shell = new Hono();
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app: shell });
  shell.route('/', createApp({ db, logger, collab, upgradeWebSocket, wss }));

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: shell.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  injectWebSocket(server);
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: config.host, dataDir: config.dataDir }, 'listening');

  let closing: Promise<void> | null = null;
  return {
    port,
    close() {
      closing ??= (async () => {
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

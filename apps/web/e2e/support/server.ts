import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, type MailServer, spawnServer, startMailServer } from '@klankbord/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

const serverDir = fileURLToPath(new URL('../../../server', import.meta.url));
const webBuildDir = fileURLToPath(new URL('../../build', import.meta.url));

/** The real Klankbord server in its own process, serving the built web app and the API on one port. */
export interface KlankbordServer {
  process: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Its DATA_DIR, for the operator's command line (`pnpm cli …`). */
  dataDir: string;
  /** Stops the server (SIGTERM, then SIGKILL if it hangs) and removes its data directory. */
  close(): Promise<void>;
}

/**
 * Starts the server on a free port with an empty data directory, serving the web app's build. The web app
 * must have been built (the e2e global set-up does that).
 */
async function startKlankbord(env: Record<string, string> = {}): Promise<KlankbordServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'klankbord-e2e-'));
  const server = await spawnServer({ serverDir, dataDir, env: { WEB_DIR: webBuildDir, ...env } });
  return {
    process: server.process,
    url: server.url,
    dataDir,
    async close() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What a test file uses of its server and browser; both exist once the file's first `beforeAll` has run. */
export interface Klankbord {
  server: Pick<KlankbordServer, 'url' | 'dataDir'>;
  browser: Pick<Browser, 'newContext'>;
  /** The local mail server the Klankbord server sends through, with `{ mail: true }`. */
  mail: Pick<MailServer, 'messages'>;
}

/** What a test file's server needs beyond the defaults. */
export interface KlankbordOptions {
  /** Start a local SMTP server first and give the Klankbord server its address as SMTP_URL. */
  mail?: boolean;
  /** Further environment for the server (e.g. a shorter NOTIFICATION_OUTBOX_MS). */
  env?: Record<string, string>;
}

/**
 * Starts a server and Chromium before the tests of the calling `describe` and closes both after them. Call it
 * first in the `describe`: `beforeAll` hooks run in the order they are registered, so the file's own set-up can
 * use them. The returned objects look the values up when used, since the hooks have not run when it returns.
 */
export function useKlankbord(options: KlankbordOptions = {}): Klankbord {
  let server: KlankbordServer | undefined;
  let browser: Browser | undefined;
  let mail: MailServer | undefined;
  beforeAll(async () => {
    mail = options.mail ? await startMailServer() : undefined;
    const env: Record<string, string> = {
      ...options.env,
      ...(mail ? { SMTP_URL: mail.url, MAIL_FROM: 'Klankbord <klankbord@ccv.example>' } : {}),
    };
    [server, browser] = await Promise.all([startKlankbord(env), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await mail?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useKlankbord: the server and browser start in beforeAll');
    return value;
  };
  return {
    server: {
      get url() {
        return started(server).url;
      },
      get dataDir() {
        return started(server).dataDir;
      },
    },
    browser: { newContext: (options) => started(browser).newContext(options) },
    mail: {
      get messages() {
        if (!options.mail) throw new Error('useKlankbord: pass { mail: true } for a mail server');
        return started(mail).messages;
      },
    },
  };
}

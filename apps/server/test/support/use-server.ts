import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type StartOptions, startTestServer, stopServer, type TestServer } from './server.ts';

export interface UseServerOptions {
  /** Environment over the test defaults. */
  env?: StartOptions['env'];
  /** A fresh server for every test, instead of one for the whole file (or describe block). */
  perTest?: boolean;
}

/** The server that `useTestServer` runs, and what was arranged on it. */
export interface ServerUse<T> {
  readonly server: TestServer;
  readonly arranged: T;
  /** Closes the server and starts it again on the same data, as a restarted process would find it. */
  restart(): Promise<void>;
}

/**
 * Registers the hooks that start a server, arrange what the tests need on it, and stop it and remove its data
 * afterwards. The server exists only once the hooks have run: read it through the returned object inside tests
 * and hooks, never at the top of a file. Hooks registered after this call run inside these: vitest runs after
 * hooks in reverse order, so a file's own afterEach or afterAll still sees the server running.
 */
export function useTestServer<T>(
  arrange: (server: TestServer) => Promise<T>,
  options: UseServerOptions = {},
): ServerUse<T> {
  const start: StartOptions = options.env ? { env: options.env } : {};
  // Kept apart so that the after hook stops a server whose arranging failed.
  let server: TestServer | undefined;
  let arranged: { value: T } | undefined;
  const running = (): TestServer => {
    if (!server) throw new Error('the test server runs only inside tests and their hooks');
    return server;
  };
  (options.perTest ? beforeEach : beforeAll)(async () => {
    server = await startTestServer(start);
    arranged = { value: await arrange(server) };
  });
  (options.perTest ? afterEach : afterAll)(async () => {
    await stopServer(server);
    server = undefined;
    arranged = undefined;
  });
  return {
    get server() {
      return running();
    },
    get arranged() {
      if (!arranged) throw new Error('nothing is arranged outside tests and their hooks');
      return arranged.value;
    },
    async restart() {
      const stopped = running();
      await stopped.close();
      server = await startTestServer({ ...start, dataDir: stopped.dataDir });
    },
  };
}

/** useTestServer for tests that need a cast of members, read as `cast` beside `server`. */
export function useCastServer<C>(arrangeCast: (server: TestServer) => Promise<C>, options: UseServerOptions = {}) {
  const use = useTestServer(arrangeCast, options);
  return {
    get server() {
      return use.server;
    },
    get cast() {
      return use.arranged;
    },
  };
}

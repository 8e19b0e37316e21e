import { defineConfig } from 'vitest/config';

/**
 * Left out of the postgres project, each for a reason of its own: what they test does not depend on the database
 * the server runs on.
 */
const notOnPostgres = [
  // Starts only the bench's other peers (the y-websocket reference and Hocuspocus with its own SQLite file).
  'test/bench-peers.test.ts',
];

// Integration tests start real servers, processes and Chromium: they wait for conditions, and these
// limits only stop a test that hangs. The suite runs twice: on SQLite files, and on PostgreSQL databases.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      // The deployment example is PostgreSQL (deploy/env): it runs on the postgres project only.
      {
        extends: true,
        test: { name: 'sqlite', exclude: ['**/node_modules/**', 'test/cluster/deployment-example.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          env: { KLANKBORD_TEST_DATABASE: 'postgres' },
          globalSetup: ['test/support/postgres-setup.ts'],
          setupFiles: ['test/support/postgres-file.ts'],
          exclude: ['**/node_modules/**', ...notOnPostgres],
        },
      },
    ],
  },
});

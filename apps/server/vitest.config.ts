import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Left out of the postgres project, each for a reason of its own: what they test does not depend on the database
 * the server runs on.
 */
const notOnPostgres = [
  // Starts only the bench's other peers (the y-websocket reference and Hocuspocus with its own SQLite file).
  'test/bench-peers.test.ts',
];

/** Left out of the sqlite project: they are about instances sharing PostgreSQL, which SQLite never does. */
const onlyOnPostgres = [
  // The deployment example runs deploy/env, which is PostgreSQL.
  'test/cluster/deployment-example.test.ts',
  // Jobs and verslag steps that must run once across instances: advisory locks on one PostgreSQL database.
  'test/cluster/jobs-*.test.ts',
];

// Integration tests start real servers, processes and Chromium: they wait for conditions, and these
// limits only stop a test that hangs. The suite runs twice: on SQLite files, and on PostgreSQL databases.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Vitest's default (one file less than the cores) runs one file at a time on two cores, while most of a file's
    // time is spent waiting for servers, PostgreSQL and Chromium: two at a time halved the run there (20 → 10 min).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { extends: true, test: { name: 'sqlite', exclude: ['**/node_modules/**', ...onlyOnPostgres] } },
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

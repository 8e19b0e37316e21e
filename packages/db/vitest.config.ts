import { defineConfig } from 'vitest/config';

// The suite runs twice: on SQLite files, and on databases of a throwaway PostgreSQL cluster (test-database.ts).
export default defineConfig({
  test: {
    projects: [
      // The schema comparison needs both databases; it runs in the postgres project.
      { extends: true, test: { name: 'sqlite', exclude: ['**/node_modules/**', 'src/**/*.postgres.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'postgres',
          env: { KLANKBORD_TEST_DATABASE: 'postgres' },
          globalSetup: ['test/postgres-setup.ts'],
          // What is about the SQLite file itself (its pages, its size) has nothing to test on PostgreSQL.
          exclude: ['**/node_modules/**', 'src/**/*.sqlite.test.ts'],
        },
      },
    ],
  },
});

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests of the TypeScript in src/, and browser tests that build the app, start
// the real server and drive Chromium (`pnpm test:e2e`). The svelte plugin compiles the runes of `.svelte.ts` modules.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [svelte()],
        test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/support/build-web.ts'],
          // Each file starts its own server and browser; two cores do not gain from running them side by side.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

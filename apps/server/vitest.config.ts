import { defineConfig } from 'vitest/config';

// Integration tests start real servers, processes and Chromium: they wait for conditions, and these
// limits only stop a test that hangs.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

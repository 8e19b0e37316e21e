import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// In development the API and the collaboration endpoint run on the Hono server (`pnpm dev` in apps/server).
// The Host header is kept (no changeOrigin), so the server's same-origin check sees Origin and Host agree.
const server = process.env.KLANKBORD_SERVER_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [sveltekit()],
  // Rolldown reports SvelteKit's own file writing as a slow plugin on every build; that says nothing to act on.
  build: { rolldownOptions: { checks: { bundlerTimings: false } } },
  server: {
    proxy: {
      '/api': { target: server },
      '/collab': { target: server, ws: true },
    },
  },
});

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global set-up for the browser tests: builds the web app once, so that the server under test serves
 * what the sources say now and never a stale build.
 */
export default function buildWebApp(): void {
  const webDir = fileURLToPath(new URL('../..', import.meta.url));
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  // NODE_ENV as `pnpm build` has it: under Vitest it is `test`, which would build Svelte's development checks in.
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: webDir,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { Config } from '../config.ts';
import { serviceWorkerHeaders, webAppSecurityPolicy } from '../middleware/security-headers.ts';

/**
 * The built web app (apps/web/build): its files as they are, and index.html for every other path so the
 * single-page app can route; each page with its Content-Security-Policy. Nothing when the web app has not been
 * built (the API still works).
 */
export function webAppRoutes(config: Pick<Config, 'webDir'>) {
  const app = new Hono();
  const root = config.webDir;
  if (!root) return app;
  let index: string | null = null;
  return app
    .use('*', webAppSecurityPolicy())
    .use('/service-worker.js', serviceWorkerHeaders())
    .use('*', serveStatic({ root }))
    .get('*', async (c) => {
      if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/collab/')) return c.notFound();
      index ??= await readFile(join(root, 'index.html'), 'utf8');
      return c.html(index);
    });
}
